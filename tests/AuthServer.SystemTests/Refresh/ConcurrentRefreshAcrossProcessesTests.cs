using System.Net;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Refresh;

namespace AuthServer.SystemTests.Refresh;

/// <summary>
/// One refresh token presented 50 times at once to two server processes sharing one SQLite file: the conditional write
/// decides between them, so exactly one rotation may win (or, within the grace window, all get the one successor).
/// </summary>
public sealed class ConcurrentRefreshAcrossProcessesTests
{
    [Fact]
    public async Task FiftyConcurrentRefreshes_AcrossTwoProcessesSharingTheFile_RotateExactlyOnce()
    {
        var (a, b, database) = await StartPairAsync(grace: "00:00:00");
        await using var _ = a;
        await using var __ = b;
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();
        var (_, tokens) = await new ApiClient(httpA).SignUpAsync();
        var token = tokens.Str("refresh_token");

        var results = await ConcurrentRefreshTests.RaceAsync([httpA, httpB], token);

        var successor = ConcurrentRefreshTests.AssertOneRotation(results);
        Assert.Equal(2, await ConcurrentRefreshTests.CountTokensInFamilyAsync(database, token));
        await ConcurrentRefreshTests.AssertFamilyAsync(results, successor, [httpA, httpB]);
    }

    [Fact]
    public async Task ConcurrentRefreshesWithinGrace_AcrossTwoProcesses_AllGetTheSameSuccessor()
    {
        var (a, b, _) = await StartPairAsync(grace: "00:00:30");
        await using var _ = a;
        await using var __ = b;
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();
        var (_, tokens) = await new ApiClient(httpA).SignUpAsync();

        var results = await ConcurrentRefreshTests.RaceAsync([httpA, httpB], tokens.Str("refresh_token"));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Single(results.Select(r => r.RefreshToken).Distinct());
    }

    private static async Task<(ServerProcess A, ServerProcess B, string Database)> StartPairAsync(string grace)
    {
        var shared = Directory.CreateTempSubdirectory("authserver-shared-").FullName;
        var database = Path.Combine(shared, "auth.db");
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = "jwt-refresh",
            ["Auth:RefreshReuseGrace"] = grace,
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
            ["ConnectionStrings:Sqlite"] = $"Data Source={database}",
        };
        var a = await ServerProcess.StartAsync(settings);
        var b = await ServerProcess.StartAsync(settings);
        return (a, b, database);
    }
}
