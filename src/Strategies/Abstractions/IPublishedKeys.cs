using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Abstractions;

/// <summary>What the JWT strategies publish about their keys (<c>/.well-known/*</c>); registered only by them.</summary>
public interface IPublishedKeys
{
    /// <summary>Null when the keys are secret (HS256).</summary>
    JsonWebKeySet? PublicJwks { get; }

    /// <summary>The algorithms access tokens are signed with (<c>HS256</c>, <c>ES256</c>).</summary>
    IReadOnlyList<string> Algorithms { get; }
}
