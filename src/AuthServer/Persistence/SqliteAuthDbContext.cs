using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Persistence;

/// <summary>The model on SQLite, with the migrations in <c>Migrations/Sqlite</c>.</summary>
internal sealed class SqliteAuthDbContext(DbContextOptions<SqliteAuthDbContext> options) : AuthDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => AuthModel.Build(modelBuilder);
}
