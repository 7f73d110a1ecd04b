using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Persistence;

/// <summary>The model on PostgreSQL, with the migrations in <c>Migrations/Postgres</c>.</summary>
internal sealed class PostgresAuthDbContext(DbContextOptions<PostgresAuthDbContext> options) : AuthDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => AuthModel.Build(modelBuilder);
}
