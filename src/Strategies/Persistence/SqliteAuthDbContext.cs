using Microsoft.EntityFrameworkCore;

namespace AuthServer.Strategies.Persistence;

/// <summary>The model on SQLite, with the migrations in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteAuthDbContext(DbContextOptions<SqliteAuthDbContext> options) : AuthDbContext(options);
