using Microsoft.EntityFrameworkCore;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// The database: users, refresh families and tokens, server secrets. One model for both providers; each provider has
/// its own subclass only so that it can have its own migrations (<see cref="SqliteAuthDbContext"/>, <see cref="PostgresAuthDbContext"/>).
/// </summary>
public abstract class AuthDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<UserRecord> Users => Set<UserRecord>();

    public DbSet<RefreshFamily> RefreshFamilies => Set<RefreshFamily>();

    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();

    public DbSet<ServerSecret> ServerSecrets => Set<ServerSecret>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserRecord>(user =>
        {
            user.HasKey(u => u.Id);
            user.Property(u => u.Username).HasMaxLength(64);
            user.Property(u => u.NormalizedUsername).HasMaxLength(64);
            user.HasIndex(u => u.NormalizedUsername).IsUnique();
            // Rows from before roles lived on the account get none.
            user.Property(u => u.Roles).HasMaxLength(AccountRoles.MaxLength).HasDefaultValue(string.Empty);
        });
        modelBuilder.Entity<RefreshFamily>(family =>
        {
            family.HasKey(f => f.Id);
            family.HasIndex(f => f.UserId);
            family.HasIndex(f => f.ExpiresAt);
        });
        modelBuilder.Entity<RefreshTokenRecord>(token =>
        {
            token.HasKey(t => t.Hash);
            token.HasIndex(t => t.FamilyId);
            token.HasIndex(t => t.ParentHash);
            token.HasIndex(t => t.ExpiresAt);
            token.HasOne<RefreshFamily>().WithMany().HasForeignKey(t => t.FamilyId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ServerSecret>(secret => secret.HasKey(s => s.Name));
    }
}
