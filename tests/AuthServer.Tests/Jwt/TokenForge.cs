using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Tests.Jwt;

/// <summary>Builds the tokens an attacker would send, from a real token's header and claims.</summary>
internal static class TokenForge
{
    public static (JsonObject Header, JsonObject Payload) Split(string jwt)
    {
        var parts = jwt.Split('.');
        return (JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject(), JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject());
    }

    /// <summary>Signs <paramref name="header"/> and <paramref name="payload"/> exactly as given, with HMAC of the named size.</summary>
    public static string SignHmac(JsonObject header, JsonObject payload, byte[] key, int bits = 256)
    {
        var signingInput = Encode(header) + "." + Encode(payload);
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = bits switch
        {
            256 => HMACSHA256.HashData(key, data),
            384 => HMACSHA384.HashData(key, data),
            _ => HMACSHA512.HashData(key, data),
        };
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    public static string Unsigned(JsonObject header, JsonObject payload) => Encode(header) + "." + Encode(payload) + ".";

    /// <summary>A well-formed ES256 token signed by <paramref name="key"/>.</summary>
    public static string SignEcdsa(JsonObject header, JsonObject payload, ECDsa key)
    {
        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    public static string Encode(JsonObject json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));

    public static JsonObject With(this JsonObject json, string name, JsonNode? value)
    {
        var copy = JsonNode.Parse(json.ToJsonString())!.AsObject();
        copy[name] = value;
        return copy;
    }

    public static JsonObject Without(this JsonObject json, string name)
    {
        var copy = JsonNode.Parse(json.ToJsonString())!.AsObject();
        copy.Remove(name);
        return copy;
    }

    public static long UnixNow(int offsetSeconds = 0) => DateTimeOffset.UtcNow.AddSeconds(offsetSeconds).ToUnixTimeSeconds();

    public static bool IsJwt(string token) => new JsonWebTokenHandler().CanReadToken(token);

    public static string PrettyHeader(string jwt) => JsonSerializer.Serialize(Split(jwt).Header);
}
