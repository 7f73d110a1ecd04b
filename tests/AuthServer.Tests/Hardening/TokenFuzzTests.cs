using System.Text;
using AuthServer.Fuzz;
using CsCheck;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Tests.Hardening;

/// <summary>
/// The fuzz harness's entry point (fuzz/AuthServer.Fuzz), driven here by CsCheck for a short deterministic run on
/// every build; docs/fuzzing.md runs the same target under libFuzzer or AFL++ for hours.
/// </summary>
public sealed class TokenFuzzTests
{
    private static readonly string Valid = TokenTarget.ValidToken();

    [Fact]
    public void TheGenuineToken_IsAccepted()
    {
        Assert.True(TokenTarget.Run(Valid));
    }

    [Fact]
    public void MutatedTokens_NeverThrow_AndAreOnlyAcceptedWhenTheyDecodeToTheGenuineToken()
    {
        HostileGen.Mutate(Valid).SelectMany(HostileGen.Mutate).Sample(token =>
        {
            if (TokenTarget.Run(token))
            {
                // Only a change that decodes to the same bytes (base64url padding bits) may pass.
                Assert.Equal(Decode(Valid), Decode(token));
            }
        }, seed: "0N0XIzNsQ0O2", iter: 4000, threads: 1);
    }

    [Fact]
    public void RandomInput_NeverThrows_AndIsNeverAccepted()
    {
        Gen.OneOf(HostileGen.JwtLike, HostileGen.Unicode, HostileGen.Ascii, Gen.Byte.Array[0, 300].Select(Encoding.UTF8.GetString))
            .Sample(token => Assert.False(TokenTarget.Run(token)), seed: "0N0XIzNsQ0O2", iter: 4000, threads: 1);
    }

    [Fact]
    public void Bytes_ThroughTheLibFuzzerEntryPoint_NeverThrow()
    {
        var seed = Encoding.UTF8.GetBytes(Valid);
        Gen.Select(Gen.Int[0, seed.Length - 1], Gen.Byte, (i, b) => (i, b)).Array[1, 8].Sample(edits =>
        {
            var input = (byte[])seed.Clone();
            foreach (var (i, b) in edits)
            {
                input[i] = b;
            }

            TokenTarget.Run(input);
        }, seed: "0N0XIzNsQ0O2", iter: 2000, threads: 1);
    }

    private static string Decode(string jwt) =>
        string.Join('|', jwt.Split('.').Select(part => Convert.ToHexString(Base64UrlEncoder.DecodeBytes(part))));
}
