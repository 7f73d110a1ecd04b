using System.Globalization;

namespace AuthServer.Strategies.Blacklist;

/// <summary>
/// One message on the revocation channel: <c>t|jti|exp</c> (a token), <c>u|userId|cutoff</c> (every token of a user
/// issued up to that second), or <c>p|nonce|0</c> (an instance checking that its own subscription delivers).
/// </summary>
internal readonly record struct RevocationMessage(RevocationKind Kind, string Id, long Seconds)
{
    public static RevocationMessage Token(string tokenId, long expiresAt) => new(RevocationKind.Token, tokenId, expiresAt);

    public static RevocationMessage User(string userId, long cutoff) => new(RevocationKind.User, userId, cutoff);

    public static RevocationMessage Probe(string nonce) => new(RevocationKind.Probe, nonce, 0);

    public override string ToString() => $"{(char)Kind}|{Id}|{Seconds.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out RevocationMessage message)
    {
        message = default;
        if (text is null || text.Length < 5 || text[1] != '|' || text[0] is not ((char)RevocationKind.Token or (char)RevocationKind.User or (char)RevocationKind.Probe))
        {
            return false;
        }

        var last = text.LastIndexOf('|');
        if (last <= 2 || !long.TryParse(text.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        message = new RevocationMessage((RevocationKind)text[0], text[2..last], seconds);
        return true;
    }

    public void ApplyTo(RevocationList list)
    {
        switch (Kind)
        {
            case RevocationKind.Token:
                list.AddToken(Id, Seconds);
                break;
            case RevocationKind.User:
                list.AddCutoff(Id, Seconds);
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
