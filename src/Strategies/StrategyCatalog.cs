using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Blacklist;
using AuthServer.Strategies.Refresh;
using AuthServer.Strategies.Sessions;
using AuthServer.Strategies.Stateless;

namespace AuthServer.Strategies;

/// <summary>Every strategy the server can run; adding one is one line here.</summary>
public static class StrategyCatalog
{
    private static readonly AuthStrategyModule[] Modules =
    [
        new StatelessJwtModule(),
        new JwtRefreshModule(),
        new JwtBlacklistModule(),
        new RedisSessionModule(),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Modules.Select(m => m.Name)];

    public static AuthStrategyModule? Find(string? name) => Modules.FirstOrDefault(m => m.Name == name);
}
