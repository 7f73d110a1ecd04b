using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AuthServer.Persistence;

/// <summary>Lets <c>dotnet ef migrations add --context SqliteAuthDbContext</c> build the context without the web host.</summary>
internal sealed class SqliteAuthDbContextFactory : IDesignTimeDbContextFactory<SqliteAuthDbContext>
{
    public SqliteAuthDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAuthDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>The same for <c>--context PostgresAuthDbContext</c>; adding a migration does not connect.</summary>
internal sealed class PostgresAuthDbContextFactory : IDesignTimeDbContextFactory<PostgresAuthDbContext>
{
    public PostgresAuthDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAuthDbContext>().UseNpgsql("Host=localhost;Database=authserver").Options);
}
