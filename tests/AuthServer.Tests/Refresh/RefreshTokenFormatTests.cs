using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Refresh;
using AuthServer.Tests.Contract;
using AuthServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests.Refresh;

/// <summary>
/// A refresh token names its user's mailbox (a 4-character tag, a keyed hash of the user id) and is otherwise as before:
/// 256 random bits, stored only as the SHA-256 of the whole token.
/// </summary>
public sealed class RefreshTokenFormatTests(JwtRefreshServer server) : IClassFixture<JwtRefreshServer>
{
    private readonly ApiClient api = new(server.CreateClient());

    [Fact]
    public async Task RefreshToken_IsItsUsersTag_And256RandomBits_StoredOnlyAsItsHash()
    {
        var (username, tokens) = await api.SignUpAsync("format");
        var token = tokens.Str("refresh_token");
        var again = (await api.LoginOkAsync(username)).Str("refresh_token");
        var stranger = (await api.SignUpAsync("stranger")).Tokens.Str("refresh_token");
        var successor = (await (await api.RefreshAsync(token)).Content.ReadFromJsonAsync<JsonElement>()).Str("refresh_token");

        Assert.Matches("^[A-Za-z0-9_-]{4}\\.[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, Base64Url.DecodeFromChars(token.AsSpan(5)).Length);
        // One user, one tag, on every token of theirs (the successor too); another user has another (24 bits: 1 in 16 million alike).
        Assert.Equal(token[..4], again[..4]);
        Assert.Equal(token[..4], successor[..4]);
        Assert.NotEqual(token[..4], stranger[..4]);
        Assert.NotEqual(token[5..], again[5..]);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var hashes = await db.RefreshTokens.Select(t => t.Hash).ToListAsync();
        Assert.Contains(RefreshTokenCodec.Hash(token), hashes);
        Assert.DoesNotContain(hashes, h => h.Contains(token[5..], StringComparison.Ordinal) || h == token);
    }
}
