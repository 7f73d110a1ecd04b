namespace AuthServer.Strategies.Telemetry;

/// <summary>Values of the <c>result</c> tag on <c>authserver.authentications</c>.</summary>
public static class AuthResults
{
    public const string Success = "success";
    public const string MissingCredential = "missing_credential";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string NoExpiry = "no_expiry";
    public const string BadAlgorithm = "bad_algorithm";
    public const string UnknownKey = "unknown_key";
    public const string BadSignature = "bad_signature";
    public const string BadIssuer = "bad_issuer";
    public const string BadAudience = "bad_audience";
    public const string WrongType = "wrong_type";
    public const string Malformed = "malformed";
    public const string Revoked = "revoked";
    public const string Unknown = "unknown";
    public const string StoreUnavailable = "store_unavailable";
    public const string Invalid = "invalid";
}
