using AuthServer.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Infrastructure;

/// <summary>
/// The real server in-process, with its own SQLite file, so every request goes through the real
/// ASP.NET Core pipeline. Settings are passed the way a deployment passes them.
/// </summary>
public class AuthServerFactory : WebApplicationFactory<Program>
{
    public const string TestSigningKey = "test-signing-key-0123456789-abcdefghijklmnop";

    /// <summary>The admin every test server creates at start (<c>Auth:BootstrapAdmin</c>); its password is the tests' usual one.</summary>
    public const string AdminUsername = "admin-user";

    private readonly Dictionary<string, string?> settings;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "authserver-tests", Guid.NewGuid().ToString("N"));

    public AuthServerFactory(string strategy, IDictionary<string, string?>? extra = null, FakeTimeProvider? time = null, string environment = "Development")
    {
        Directory.CreateDirectory(directory);
        Strategy = strategy;
        Time = time;
        Environment = environment;
        settings = new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = strategy,
            ["Jwt:SigningKey"] = TestSigningKey,
            ["ConnectionStrings:Sqlite"] = $"Data Source={DatabasePath}",
            ["RateLimiting:LoginPermitLimit"] = "1000",
            // Every test client shares one address: the per-address limits would couple unrelated tests.
            ["RateLimiting:AddressFailureLimit"] = "1000000",
            ["RateLimiting:AccountFailureLimit"] = "1000000",
            ["RateLimiting:RegisterPermitLimit"] = "1000000",
            ["Auth:BootstrapAdmin:Username"] = AdminUsername,
            ["Auth:BootstrapAdmin:Password"] = ApiClient.Password,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public string Strategy { get; }

    public FakeTimeProvider? Time { get; }

    public string Environment { get; }

    public string DatabasePath => Path.Combine(directory, "auth.db");

    /// <summary>When set, receives every log entry the server writes, at every level.</summary>
    public CapturingLoggerProvider? Logs { get; init; }

    /// <summary>
    /// PBKDF2 iterations of this server's password hashes: the same hasher and code path as in production, at a work factor
    /// of about a millisecond, since 210,000 iterations (~0.1 s of CPU a hash) made three quarters of the fast suite's time.
    /// Tests that time or count hashing ask for <see cref="ProductionHashing"/>; server processes always hash at it.
    /// </summary>
    public int PasswordHashIterations { get; init; } = 1_000;

    /// <summary>The work factor a deployment hashes at.</summary>
    public const int ProductionHashing = PasswordHashing.Iterations;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (Logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
        }

        if (Time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
        }

        if (PasswordHashIterations != ProductionHashing)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(new PasswordHashing(PasswordHashIterations)));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
