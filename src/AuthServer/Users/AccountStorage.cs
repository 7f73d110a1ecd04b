using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AuthServer.Users;

/// <summary>The users table: the host's, beside the strategies' tables in one database (see Persistence/AuthModel.cs).</summary>
internal sealed class AccountStorage : IEntityTypeConfiguration<UserRecord>
{
    public void Configure(EntityTypeBuilder<UserRecord> user)
    {
        user.ToTable("Users");
        user.HasKey(u => u.Id);
        user.Property(u => u.Username).HasMaxLength(64);
        user.Property(u => u.NormalizedUsername).HasMaxLength(64);
        user.HasIndex(u => u.NormalizedUsername).IsUnique();
        // Rows from before roles lived on the account get none.
        user.Property(u => u.Roles).HasMaxLength(AccountRoles.MaxLength).HasDefaultValue(string.Empty);
    }
}

/// <summary>The users table on the context the strategies share with the host.</summary>
internal static class AccountStorageExtensions
{
    extension(AuthDbContext db)
    {
        public DbSet<UserRecord> Users => db.Set<UserRecord>();
    }
}
