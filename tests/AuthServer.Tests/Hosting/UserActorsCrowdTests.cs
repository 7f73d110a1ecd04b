using AuthServer.Strategies.Actors;

namespace AuthServer.Tests.Hosting;

/// <summary>
/// A token names its mailbox before anything is read, so anyone can open mailboxes with made-up tokens: past a crowd, an
/// idle mailbox leaves within a fraction of a second instead of waiting out the usual idle time.
/// </summary>
public sealed partial class UserActorsTests
{
    [Fact]
    public async Task ACrowdOfMailboxes_LeavesQuickly_OnceIdle()
    {
        const int crowd = UserActors.CrowdedAbove + 1000;
        await Task.WhenAll(Enumerable.Range(0, crowd).Select(i => actors.RunForTagAsync($"made-up-{i}", _ => Task.FromResult(i), default)));
        Assert.Equal(crowd, actors.Count);

        // Two seconds of the server's clock, far less than the usual idle time: the mailboxes that went idle in a crowd leave
        // (each pump arms its timer once it waits again, so the clock moves in steps).
        Assert.True(UserActors.CrowdedIdleTimeout * 8 < UserActors.IdleTimeout);
        for (var step = 0; step < 8 && actors.Count > UserActors.CrowdedAbove; step++)
        {
            time.Advance(UserActors.CrowdedIdleTimeout);
            var settle = DateTime.UtcNow.AddSeconds(2);
            while (actors.Count > UserActors.CrowdedAbove && DateTime.UtcNow < settle)
            {
                await Task.Delay(10);
            }
        }

        Assert.InRange(actors.Count, 0, UserActors.CrowdedAbove);
    }
}
