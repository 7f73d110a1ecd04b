using System.Globalization;

namespace AuthServer.Revocation;

/// <summary>
/// One message on the revocation channel: <c>t|jti|exp</c> (a token), <c>u|userId|generation</c> (every token of a user
/// issued under a lower generation), or <c>p|nonce|0</c> (an instance checking that its own subscription delivers).
/// </summary>
internal readonly record struct RevocationMessage(RevocationKind Kind, string Id, long Value)
{
    public static RevocationMessage Token(string tokenId, long expiresAt) => new(RevocationKind.Token, tokenId, expiresAt);

    public static RevocationMessage User(string userId, long generation) => new(RevocationKind.User, userId, generation);

    public static RevocationMessage Probe(string nonce) => new(RevocationKind.Probe, nonce, 0);

    public override string ToString() => $"{(char)Kind}|{Id}|{Value.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out RevocationMessage message)
    {
        message = default;
        if (text is null || text.Length < 5 || text[1] != '|' || text[0] is not ((char)RevocationKind.Token or (char)RevocationKind.User or (char)RevocationKind.Probe))
        {
            return false;
        }

        var last = text.LastIndexOf('|');
        if (last <= 2 || !long.TryParse(text.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        message = new RevocationMessage((RevocationKind)text[0], text[2..last], value);
        return true;
    }

    public void ApplyTo(RevocationList list)
    {
        switch (Kind)
        {
            case RevocationKind.Token:
                list.AddToken(Id, Value);
                break;
            case RevocationKind.User:
                list.AddGeneration(Id, Value);
                break;
        }
    }
}

internal enum RevocationKind
{
    Token = 't',
    User = 'u',
    Probe = 'p',
}
