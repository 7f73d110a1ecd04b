using System.Globalization;
using Microsoft.Extensions.Options;

namespace AuthServer.Compare;

/// <summary>The <c>Compare</c> section. Everything else about the comparison is fixed: it is a teaching tool, not a deployment.</summary>
internal sealed class CompareOptions
{
    public const string Section = "Compare";

    /// <summary>Loopback port of the page; 0 takes a free one (the address is printed either way).</summary>
    public int Port { get; init; } = 5090;

    /// <summary>Reads and checks the section at start; a bad value stops the comparison with a line naming the key.</summary>
    public static CompareOptions From(IConfiguration configuration)
    {
        var raw = configuration[$"{Section}:Port"];
        if (raw is null)
        {
            return new CompareOptions();
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new OptionsValidationException(Section, typeof(CompareOptions), [$"{Section}:Port must be a port number from 0 to 65535; got '{raw}'."]);
        }

        return new CompareOptions { Port = port };
    }
}
