namespace AuthServer.Strategies.Sessions;

internal sealed partial class SessionStore
{
    // Moves last-seen forward (never back) and the TTL with it, but never recreates a session deleted meanwhile.
    private const string SlideScript = """
        local seen = redis.call('HGET', KEYS[1], 'seen')
        if not seen then return 0 end
        if tonumber(seen) < tonumber(ARGV[1]) then
          redis.call('HSET', KEYS[1], 'seen', ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 1
        """;

    // KEYS[1] the user's index, KEYS[2..] sessions, ARGV[1..] their hashes: deletes the sessions, drops them from the
    // index, and answers how many still existed. All keys share the user's tag, so this is one slot.
    private const string EndScript = """
        local ended = 0
        for i = 2, #KEYS do
          ended = ended + redis.call('DEL', KEYS[i])
          redis.call('SREM', KEYS[1], ARGV[i - 1])
        end
        return ended
        """;

    // KEYS: sessions of one user (one slot), ARGV[1] their roles: rewrites the roles of each that still exists, never
    // recreating one deleted meanwhile, and answers how many it rewrote.
    private const string SetRolesScript = """
        local updated = 0
        for i = 1, #KEYS do
          if redis.call('EXISTS', KEYS[i]) == 1 then
            redis.call('HSET', KEYS[i], 'roles', ARGV[1])
            updated = updated + 1
          end
        end
        return updated
        """;
}
