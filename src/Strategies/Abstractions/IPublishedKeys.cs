using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Abstractions;

/// <summary>Public verification keys for <c>/.well-known/jwks.json</c>; registered only by the JWT strategies.</summary>
public interface IPublishedKeys
{
    /// <summary>Null when the keys are secret (HS256).</summary>
    JsonWebKeySet? PublicJwks { get; }
}
