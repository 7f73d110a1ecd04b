using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Strategies.Authentication;

/// <summary>Reads <c>Authorization: Bearer &lt;credential&gt;</c> (RFC 6750 §2.1; the scheme name is case-insensitive).</summary>
public static class BearerCredential
{
    private const string Prefix = "Bearer ";

    /// <summary>False when no bearer credential was sent, which is not a failure: the request is anonymous.</summary>
    public static bool TryRead(HttpRequest request, out string credential)
    {
        var found = TryRead(request, out ReadOnlySpan<char> characters);
        credential = found ? characters.ToString() : string.Empty;
        return found;
    }

    /// <summary>The same without copying the credential out of the header (the hot path looks it up as is).</summary>
    public static bool TryRead(HttpRequest request, out ReadOnlySpan<char> credential)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? header = request.Headers[HeaderNames.Authorization];
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            credential = default;
            return false;
        }

        credential = header.AsSpan(Prefix.Length).Trim();
        return !credential.IsEmpty;
    }
}
