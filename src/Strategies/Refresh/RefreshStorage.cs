using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AuthServer.Strategies.Refresh;

/// <summary>jwt-refresh's tables: families and the tokens in them. Names fixed here: <see cref="RefreshSql"/> and the migrations use them.</summary>
internal sealed class RefreshStorage : IEntityTypeConfiguration<RefreshFamily>, IEntityTypeConfiguration<RefreshTokenRecord>
{
    public void Configure(EntityTypeBuilder<RefreshFamily> family)
    {
        family.ToTable("RefreshFamilies");
        family.HasKey(f => f.Id);
        family.HasIndex(f => f.UserId);
        family.HasIndex(f => f.ExpiresAt);
    }

    public void Configure(EntityTypeBuilder<RefreshTokenRecord> token)
    {
        token.ToTable("RefreshTokens");
        token.HasKey(t => t.Hash);
        token.HasIndex(t => t.FamilyId);
        token.HasIndex(t => t.ParentHash);
        token.HasIndex(t => t.ExpiresAt);
        token.HasOne<RefreshFamily>().WithMany().HasForeignKey(t => t.FamilyId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The refresh tables on the shared context, for the store and for tests.</summary>
internal static class RefreshStorageExtensions
{
    extension(AuthDbContext db)
    {
        public DbSet<RefreshFamily> RefreshFamilies => db.Set<RefreshFamily>();

        public DbSet<RefreshTokenRecord> RefreshTokens => db.Set<RefreshTokenRecord>();
    }
}
