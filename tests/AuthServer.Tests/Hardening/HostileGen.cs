using System.Text;
using CsCheck;

namespace AuthServer.Tests.Hardening;

/// <summary>CsCheck generators for what an attacker sends: odd strings, mutated real tokens, broken JSON.</summary>
internal static class HostileGen
{
    /// <summary>Characters a header can carry (no CR/LF, which the client itself refuses), including Latin-1 and controls.</summary>
    public static readonly Gen<char> HeaderChar = Gen.Frequency((6, (IGen<char>)Gen.Char[' ', '~']), (1, Gen.Char['\u0080', '\u00ff']), (1, Gen.Char["\t\u0001\u007f"]));

    public static readonly Gen<string> Ascii = Text(Gen.Char[' ', '~'], 80);

    public static readonly Gen<string> Unicode = Text(Gen.Char, 40);

    public static readonly Gen<string> Base64UrlSegment = Text(Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_="], 120);

    /// <summary>Three (or more, or fewer) base64url-looking segments: passes a first glance as a JWT.</summary>
    public static readonly Gen<string> JwtLike = Gen.Int[1, 5].SelectMany(n => Base64UrlSegment.Array[n].Select(parts => string.Join('.', parts)));

    public static Gen<string> Text(Gen<char> chars, int max) => chars.Array[0, max].Select(a => new string(a));

    /// <summary>One edit of <paramref name="value"/>: a changed, deleted or inserted run, truncation, reordered segments, repetition.</summary>
    public static Gen<string> Mutate(string value) =>
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, value.Length], Gen.Int[0, value.Length], Text(HeaderChar, 12), (kind, i, j, text) =>
        {
            var (from, to) = (Math.Min(i, j), Math.Max(i, j));
            return kind switch
            {
                0 => value[..from] + text + value[to..],
                1 => value[..from] + value[to..],
                2 => value[..from] + text + value[from..],
                3 => value[..from],
                4 => string.Join('.', value.Split('.').Reverse()),
                5 => value + "." + value,
                6 => value[..from] + (char)(value.ElementAtOrDefault(from) ^ 1) + (from < value.Length ? value[(from + 1)..] : string.Empty),
                _ => value.Replace('.', text.FirstOrDefault('.')),
            };
        });

    /// <summary>A credential: mutated real ones, JWT look-alikes, and plain junk.</summary>
    public static Gen<string> Credential(IReadOnlyList<string> real) => Gen.Frequency(
        (4, (IGen<string>)Gen.OneOf([.. real]).SelectMany(Mutate)),
        (2, JwtLike),
        (1, Gen.OneOf([.. real])),
        (1, Ascii),
        (1, Unicode.Select(s => Uri.EscapeDataString(s))));

    /// <summary>An <c>Authorization</c> header value, or none.</summary>
    public static Gen<string?> Authorization(IReadOnlyList<string> real) => Gen.Frequency(
        (6, (IGen<string?>)Credential(real).Select(c => (string?)("Bearer " + c))),
        (1, Gen.Const(default(string))),
        (1, Gen.OneOf<string?>("Bearer", "Bearer ", "bearer x", "Basic dXNlcjpwYXNz", "Bearer  a.b.c", "Negotiate")),
        (1, Text(HeaderChar, 60).Select(s => (string?)s)));

    /// <summary>A JSON value of any type, nested a little.</summary>
    public static readonly Gen<string> JsonValue = Gen.Recursive<string>((depth, self) =>
    {
        var leaf = Gen.Frequency(
            (4, (IGen<string>)Gen.OneOf("\"admin-user\"", "\"nobody-at-all\"", "\"correct horse battery\"", "\"\"", "\"\\u0000\"", "\"\\ud800\"")),
            (2, Ascii.Select(s => System.Text.Json.JsonSerializer.Serialize(s))),
            (2, Gen.OneOf("null", "true", "0", "-1", "1e999", "123456789012345678901234567890", "0.5", "NaN", "[]", "{}")));
        return depth >= 3 ? leaf : Gen.Frequency(
            (8, (IGen<string>)leaf),
            (1, self.Array[0, 3].Select(a => "[" + string.Join(',', a) + "]")),
            (1, self.Array[0, 3].Select(a => "{" + string.Join(',', a.Select((v, k) => $"\"k{k}\":{v}")) + "}")));
    });

    /// <summary>A body for the JSON endpoints: the right shape with wrong values, mutated JSON, deep nesting, raw bytes.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (4, (IGen<string>)Gen.Select(JsonValue, JsonValue, (u, p) => $"{{\"username\":{u},\"password\":{p}}}")),
        (2, JsonValue.Select(v => $"{{\"refresh_token\":{v},\"refresh_token\":{v}}}")),
        (3, Gen.Select(JsonValue, JsonValue, (u, p) => $"{{\"username\":{u},\"password\":{p}}}").SelectMany(Mutate)),
        (1, Gen.Int[1, 5000].Select(n => new string('[', n) + new string(']', n))),
        (1, Gen.Select(Base64UrlSegment, Base64UrlSegment, (t, h) => $"token={Uri.EscapeDataString(t)}&token_type_hint={h}")),
        (1, Unicode))
        .Select(Encoding.UTF8.GetBytes)
        .SelectMany(bytes => Gen.Frequency((9, (IGen<byte[]>)Gen.Const(bytes)), (1, Gen.Byte.Array[0, 200])));

    public static readonly Gen<string?> ContentType = Gen.OneOf<string?>(
        "application/json", "application/json", "application/json; charset=utf-8", "application/json; charset=utf-32", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x", "application/problem+json", "*/*", ";;", null);
}
