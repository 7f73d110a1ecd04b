namespace AuthServer.Strategies.Abstractions;

/// <summary>RFC 7009: unknown tokens are answered like revoked ones; only an unsupported type is an error.</summary>
public enum TokenRevocationOutcome
{
    Revoked,
    UnknownToken,
    UnsupportedTokenType,
}
