namespace AuthServer.Strategies.Authentication;

/// <summary>Every strategy registers its handler under one scheme name: clients always send <c>Authorization: Bearer</c>.</summary>
public static class AuthSchemes
{
    public const string Bearer = "Bearer";
}
