using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AuthServer.Strategies.Persistence;

/// <summary>Server-side secrets shared by every instance on this database (loaded into <see cref="ServerSecrets"/>).</summary>
public sealed class ServerSecret
{
    public required string Name { get; init; }

    public required byte[] Value { get; init; }
}

internal sealed class ServerSecretMapping : IEntityTypeConfiguration<ServerSecret>
{
    public void Configure(EntityTypeBuilder<ServerSecret> secret) => secret.ToTable("ServerSecrets").HasKey(s => s.Name);
}
