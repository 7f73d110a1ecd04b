using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using AuthServer.Strategies.Abstractions;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.SystemTests.Redis.Topologies;

/// <summary>
/// Revocations at a steady pace through one server: logouts and RFC 7009 revocations of single credentials, logout-alls
/// and admin revokes of whole users, each kept with its answer and time; and one reader on <c>/profile</c> with a
/// credential nobody revokes. Credentials come from the strategy's own sign-in (<see cref="IAuthStrategy.SignInAsync"/>),
/// what a login does once the password is checked: a login here costs 0.1 s of password hashing.
/// </summary>
internal sealed class RevocationLoad
{
    private readonly List<(string Username, List<string> Credentials)> users = [];
    private readonly List<Revocation> plan = [];
    private readonly Queue<string> spares = [];
    private string admin = string.Empty;
    private string reader = string.Empty;

    public sealed record Revocation(string Kind, int User, string Credential);

    public sealed record Outcome(Revocation Revocation, int Status, double StartedAt, double EndedAt);

    /// <summary>
    /// Registers the users (through HTTP) and mints their credentials: <paramref name="singles"/> × <paramref name="each"/>
    /// single revocations and <paramref name="wholes"/> whole-user ones in the plan, <paramref name="spares"/> for <see cref="SettleAsync"/>.
    /// </summary>
    public static async Task<RevocationLoad> PrepareAsync(RedisStrategyServer server, ApiClient api, int singles, int each, int wholes, int spares = 0)
    {
        var strategy = server.Services.GetRequiredService<IAuthStrategy>();
        var load = new RevocationLoad();
        async Task<(string Username, string Id)> RegisterAsync(string prefix)
        {
            var username = ApiClient.NewUsername(prefix);
            var body = await (await api.RegisterAsync(username)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            return (username, body.Str("id"));
        }

        async Task<string> MintAsync((string Username, string Id) user, params string[] roles)
        {
            // Setup, not the measurement: a write that misses the production deadline on a busy machine is tried again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return (await strategy.SignInAsync(new AuthUser(user.Id, user.Username, roles), CancellationToken.None)).AccessToken;
                }
                catch (StoreUnavailableException) when (attempt < 3)
                {
                }
            }
        }

        load.admin = await MintAsync(await RegisterAsync("admin"), "admin");
        load.reader = await MintAsync(await RegisterAsync("reader"));
        for (var u = 0; u < singles + wholes; u++)
        {
            var user = await RegisterAsync(u < singles ? "single" : "whole");
            var credentials = new List<string>();
            for (var i = 0; i < (u < singles ? each : 3); i++)
            {
                credentials.Add(await MintAsync(user));
            }

            load.users.Add((user.Username, credentials));
            if (u < singles)
            {
                load.plan.AddRange(credentials.Select((c, i) => new Revocation(i % 2 == 0 ? "logout" : "revoke", u, c)));
            }
            else
            {
                load.plan.Add(new Revocation(u % 2 == 0 ? "logout-all" : "admin-revoke", u, credentials[0]));
            }
        }

        var spare = await RegisterAsync("spare");
        var spareCredentials = new List<string>();
        for (var i = 0; i < spares; i++)
        {
            spareCredentials.Add(await MintAsync(spare));
            load.spares.Enqueue(spareCredentials[^1]);
        }

        load.users.Add((spare.Username, spareCredentials));

        // The same order every run, with the whole-user revocations spread through it.
        new Random(7).Shuffle(CollectionsMarshal.AsSpan(load.plan));
        return load;
    }

    public int Planned => plan.Count;

    /// <summary>Runs the plan evenly over <paramref name="duration"/> from <paramref name="clock"/>'s now, with the reader alongside.</summary>
    public async Task<(IReadOnlyList<Outcome> Revocations, IReadOnlyList<(double At, int Status)> Reads)> RunAsync(
        ApiClient api, Stopwatch clock, TimeSpan duration, int workers = 4)
    {
        var outcomes = new ConcurrentBag<Outcome>();
        var reads = new ConcurrentBag<(double, int)>();
        var start = clock.Elapsed;
        var next = -1;
        async Task WorkAsync()
        {
            for (var k = Interlocked.Increment(ref next); k < plan.Count; k = Interlocked.Increment(ref next))
            {
                var due = start + (duration * k / plan.Count) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                var began = clock.Elapsed.TotalSeconds;
                var status = await SendAsync(api, plan[k]);
                outcomes.Add(new Outcome(plan[k], status, began, clock.Elapsed.TotalSeconds));
            }
        }

        async Task ReadAsync()
        {
            while (clock.Elapsed - start < duration)
            {
                reads.Add((clock.Elapsed.TotalSeconds, (int)(await api.GetProfileAsync(reader)).StatusCode));
                await Task.Delay(10);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkAsync()).Append(ReadAsync()));
        return ([.. outcomes.OrderBy(o => o.StartedAt)], [.. reads.OrderBy(r => r.Item1)]);
    }

    /// <summary>After the load: an RFC 7009 revocation of a spare credential every 100 ms until five in a row answer 200, or <paramref name="until"/> passes.</summary>
    public async Task<IReadOnlyList<Outcome>> SettleAsync(ApiClient api, Stopwatch clock, TimeSpan until)
    {
        var attempts = new List<Outcome>();
        while (clock.Elapsed < until && attempts.AsEnumerable().Reverse().TakeWhile(o => o.Status == 200).Count() < 5 && spares.TryDequeue(out var credential))
        {
            var revocation = new Revocation("revoke", users.Count - 1, credential);
            var began = clock.Elapsed.TotalSeconds;
            attempts.Add(new Outcome(revocation, await SendAsync(api, revocation), began, clock.Elapsed.TotalSeconds));
            await Task.Delay(100);
        }

        return attempts;
    }

    /// <summary>Every credential that a revocation answered 200 must have ended: its own, or all of its user's.</summary>
    public IEnumerable<string> MustBeRefused(IEnumerable<Outcome> outcomes) =>
        outcomes.Where(o => o.Status == 200)
            .SelectMany(o => o.Revocation.Kind is "logout-all" or "admin-revoke" ? users[o.Revocation.User].Credentials : [o.Revocation.Credential])
            .Distinct(StringComparer.Ordinal);

    private Task<int> SendAsync(ApiClient api, Revocation revocation) => StatusOf(revocation.Kind switch
    {
        "logout" => api.LogoutAsync(revocation.Credential),
        "revoke" => api.RevokeAsync(revocation.Credential),
        "logout-all" => api.LogoutAllAsync(revocation.Credential),
        _ => api.AdminRevokeAsync(admin, users[revocation.User].Username),
    });

    private static async Task<int> StatusOf(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return (int)response.StatusCode;
    }
}
