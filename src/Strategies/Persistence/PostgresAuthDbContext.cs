using Microsoft.EntityFrameworkCore;

namespace AuthServer.Strategies.Persistence;

/// <summary>The model on PostgreSQL, with the migrations in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresAuthDbContext(DbContextOptions<PostgresAuthDbContext> options) : AuthDbContext(options);
