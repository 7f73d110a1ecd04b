using System.Security.Cryptography;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Introspection;
using AuthServer.Tests.Redis;

namespace AuthServer.SystemTests.Services;

/// <summary>A real auth-server process configured as a deployment would be (Production, a real key, registered resource services).</summary>
public static class AuthServerProcess
{
    public const string AdminUsername = "admin-user";
    public const string AdminPassword = "admin-password-Qm4#tV";

    /// <summary>Settings for <paramref name="strategy"/> signing with <paramref name="algorithm"/>; a Redis strategy gets a key prefix of its own.</summary>
    public static Dictionary<string, string?> Settings(string strategy, string algorithm = "HS256", string? redis = null)
    {
        var directory = Directory.CreateTempSubdirectory("authserver-services-").FullName;
        var settings = IntrospectionCaller.Settings();
        settings["Auth:Strategy"] = strategy;
        settings["Auth:BootstrapAdmin:Username"] = AdminUsername;
        settings["Auth:BootstrapAdmin:Password"] = AdminPassword;
        settings["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(directory, "auth.db")}";
        settings["RateLimiting:LoginPermitLimit"] = "1000";
        settings["Introspection:RequestsPerSecond"] = "100000";
        settings["Jwt:Algorithm"] = algorithm;
        if (algorithm == "ES256")
        {
            var file = Path.Combine(directory, "signing.pem");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(file, key.ExportPkcs8PrivateKeyPem());
            settings["Jwt:EcdsaKeyFile"] = file;
        }
        else
        {
            settings["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey;
        }

        if (strategy is "jwt-blacklist" or "redis-session")
        {
            settings["ConnectionStrings:Redis"] = redis ?? RedisTestServer.ConnectionString;
            settings["Redis:KeyPrefix"] = RedisTestServer.NewKeyPrefix();
            settings["Redis:OperationTimeout"] = "00:00:05";
        }

        return settings;
    }

    /// <summary>Starts the process (which creates the admin account at start: <c>Auth:BootstrapAdmin</c>) and waits until it is ready.</summary>
    public static Task<ServerProcess> StartAsync(Dictionary<string, string?> settings) => Redis.TwoInstanceTests.StartAsync(settings);
}
