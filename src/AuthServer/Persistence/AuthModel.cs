using AuthServer.Strategies;
using AuthServer.Users;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Persistence;

/// <summary>
/// The one model of the one database, for either provider: the host's accounts and what each strategy keeps. Its tables,
/// columns and indexes are what the migrations made; ModelSnapshotTests fails when they part.
/// </summary>
internal static class AuthModel
{
    public static void Build(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new AccountStorage()).ApplyStrategyStorage();
}
