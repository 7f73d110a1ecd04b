using System.Buffers.Text;
using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Introspection;

/// <summary>
/// <c>Authorization: Basic base64(id ":" secret)</c> where id and secret are form-encoded first (RFC 7617, RFC 6749
/// §2.3.1). Anything else is not a credential; nothing here throws on hostile input.
/// </summary>
internal static class BasicCredentials
{
    private const string Prefix = "Basic ";

    public static bool IsPresent(HttpRequest request) =>
        request.Headers[HeaderNames.Authorization].ToString().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public static bool TryRead(HttpRequest request, out string id, out string secret)
    {
        (id, secret) = (string.Empty, string.Empty);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = header.AsSpan(Prefix.Length).Trim();
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        (id, secret) = (WebUtility.UrlDecode(decoded[..colon]), WebUtility.UrlDecode(decoded[(colon + 1)..]));
        return secret.Length > 0;
    }
}
