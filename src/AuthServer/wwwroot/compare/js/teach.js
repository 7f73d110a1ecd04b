// One sentence per cell: what this answer shows about the strategy. Each returns { tone, sentence }.
import { clock, untilText } from '/demo/js/time.js';
import { since } from './format.js';

const ok = (sentence) => ({ tone: 'ok', sentence });
const warn = (sentence) => ({ tone: 'warn', sentence });
const refused = (sentence) => ({ tone: 'refused', sentence });
const down = (sentence) => ({ tone: 'down', sentence });
const info = (sentence) => ({ tone: 'info', sentence });

export const nothingToSend = () => info('Nothing to send: log in first.');

/** Answers every action can get: Redis down, throttled, the instance gone. */
export function failure(col, r) {
  if (r.status === 503) {
    return down(col.name === 'redis-session'
      ? `503: the session store is Redis, and Redis is down; nobody can log in or be recognised (retry in ${r.retryAfter ?? 'a few'} s).`
      : `503: this needs Redis, and Redis is down (retry in ${r.retryAfter ?? 'a few'} s).`);
  }
  if (r.status === 429) return refused(`Too many attempts from this address for this user: the server asks to wait ${r.retryAfter ?? 'a few'} s.`);
  if (r.status === 0 || r.status === 502) return refused('No answer from the instance: is the comparison still running? (see its console)');
  return refused(`Refused: ${r.reason}.`);
}

export function login(col, r, ctx) {
  if (r.status !== 200) {
    return r.status === 503 && col.name === 'redis-session'
      ? down('503: no login while Redis is down: a new session has nowhere to be stored.')
      : failure(col, r);
  }
  const life = untilText(col.info.access_token_lifetime_seconds * 1000);
  const sentences = {
    'stateless-jwt': `A signed JWT, valid for ${life}: the server keeps no record of it.`,
    'jwt-refresh': `A JWT valid for only ${life}, plus a refresh token stored (hashed) in the SQLite file A and B share.`,
    'jwt-blacklist': `A JWT with an id (jti), valid for ${life}; only revoking it writes to Redis.`,
    'redis-session': `A random session id (idle timeout ${life}); the session itself lives in the Redis A and B share.`,
  };
  const base = sentences[col.name] ?? `A credential valid for ${life}.`;
  if (!ctx.redisUp) {
    return ok(col.name === 'jwt-blacklist'
      ? `${base} Redis is down, but signing a JWT needs only the key; using it is another matter.`
      : `${base} Redis is down, and issuing it did not need Redis.`);
  }
  return ok(base);
}

const accepted = {
  a: {
    'stateless-jwt': 'Accepted from the signature alone: no lookup, no shared state.',
    'jwt-refresh': 'Accepted from the signature alone: no lookup, no shared state.',
    'jwt-blacklist': 'Accepted: the signature is valid and its jti is not on A’s revocation list.',
    'redis-session': 'Accepted: A found the session in Redis.',
  },
  b: {
    'stateless-jwt': 'Accepted on B too: B holds the same signing key and needs nothing from A.',
    'jwt-refresh': 'Accepted on B too: B holds the same signing key and needs nothing from A.',
    'jwt-blacklist': 'Accepted on B: same key, and B’s revocation list, kept in step through Redis, does not name it.',
    'redis-session': 'Accepted on B: the session is in the Redis both instances share.',
  },
};

export function call(col, r, instance, ended, ctx) {
  const on = instance.toUpperCase();
  if (r.status === 200) {
    if (ended) {
      const after = `${since(r.sentAt - ended.at)} after ${ended.how}`;
      if (col.name === 'stateless-jwt') return warn(`Still accepted on ${on}, ${after}: nothing can recall a JWT; it works until its exp at ${clock(ended.validUntil)}.`);
      if (col.name === 'jwt-refresh') return warn(`Still accepted on ${on}, ${after}: the access token lives until its short exp at ${clock(ended.validUntil)}; only its refresh token died.`);
      return warn(`Still accepted on ${on}, ${after}.`);
    }
    if (!ctx.redisUp && !col.info.needs_redis) return ok(`Accepted on ${on} while Redis is down: this strategy never asks it.`);
    return ok(accepted[instance][col.name] ?? `Accepted on ${on}.`);
  }
  if (r.status === 401 && ended) {
    const after = since(r.sentAt - ended.at);
    if (col.name === 'jwt-blacklist') {
      return refused(instance === 'b'
        ? `Refused on B, ${after} after ${ended.how} on A: the revocation reached B through Redis.`
        : `Refused on A, ${after} after ${ended.how}: A put the revocation in Redis and in its own list.`);
    }
    if (col.name === 'redis-session') return refused(`Refused on ${on}, ${after} after ${ended.how}: the session was deleted from Redis, so no instance can find it.`);
    return refused(`Refused on ${on}, ${after} after ${ended.how}: ${r.reason}.`);
  }
  if (r.status === 503 && col.name === 'jwt-blacklist') {
    return down(`503: with Redis down, ${on} cannot know whether this token was revoked, and fail-closed refuses rather than guess.`);
  }
  return failure(col, r);
}

export function logout(col, r) {
  if (r.status !== 200) {
    return r.status === 401
      ? refused(`Refused: this credential no longer works, so there is nothing to log out (${r.reason}).`)
      : failure(col, r);
  }
  const until = clock(Date.parse(r.body.access_token_valid_until));
  if (!r.body.revoked) return warn(`revoked: false. The server holds nothing it could take back: the token stays valid until ${until}.`);
  const sentences = {
    'jwt-refresh': `revoked: true: the refresh token’s family is revoked in SQLite at once. The access token stays valid until ${until}.`,
    'jwt-blacklist': 'revoked: true: the jti went to Redis, which tells every instance.',
    'redis-session': 'revoked: true: the session is deleted from Redis.',
  };
  return ok(sentences[col.name] ?? `revoked: true; the access credential is valid until ${until}.`);
}

export function refresh(col, r) {
  if (r.status === 200) return ok('Rotated on B: B found the refresh token in the shared SQLite file, marked it used and handed out a new pair.');
  if (r.status === 400 && r.body?.error === 'unsupported_grant_type') return info('No refresh tokens under this strategy: a new credential means a new login.');
  if (r.status === 401 && col.familyDead) return refused('Refused at once: the logout revoked this refresh token’s family, so no new access token can be had.');
  return failure(col, r);
}

export function replay(col, r, newest) {
  if (r.status === 400 && r.body?.error === 'unsupported_grant_type') return info('No refresh tokens under this strategy, so nothing to replay.');
  if (r.status === 401 && newest?.status === 401) {
    return refused('Refused, and the whole family with it: a used refresh token coming back looks like theft, so even the newest one, tried on B, is now refused.');
  }
  if (r.status === 401) return warn('Refused, but the newest refresh token still works.');
  if (r.status === 200) return warn('Accepted: within the reuse grace an old token gets the same successor back (two tabs refreshing at once).');
  return failure(col, r);
}

export function logoutAll(col, r, other) {
  if (r.status !== 200) return failure(col, r);
  const then = other.status === 200 ? 'still accepted' : `refused (${other.status})`;
  const sentences = {
    'jwt-refresh': 'revoked: true: every refresh token of the user is refused from now on; access tokens live until their short exp.',
    'jwt-blacklist': 'revoked: true: a cut-off time for the user went to Redis; every token issued before it is refused.',
    'redis-session': 'revoked: true: every session of the user is deleted from Redis.',
  };
  const first = r.body.revoked ? sentences[col.name] ?? 'revoked: true.' : 'revoked: false: nothing on the server can reach the user’s other credentials.';
  const tone = other.status === 200 ? warn : ok;
  return tone(`${first} The other device’s credential, tried on B right after: ${then}.`);
}

const unchanged = (r, state) => info(`Redis was already ${state}: nothing changed. Ready: ${r.status}.`);

export function redisStopped(col, r, changed) {
  if (!changed) return unchanged(r, 'stopped');
  if (!col.info.needs_redis) {
    return r.status === 200
      ? ok(col.name === 'jwt-refresh' ? 'Still ready: this strategy never talks to Redis; its refresh tokens live in SQLite.' : 'Still ready: this strategy never talks to Redis.')
      : failure(col, r);
  }
  if (r.status === 200) return warn(`Still ready ${since(r.waited)} after Redis stopped: it has not noticed.`);
  const sentences = {
    'jwt-blacklist': 'it cannot keep its revocation list in step. Fail-closed, it answers 503 to any token it cannot check (log in and call to see).',
    'redis-session': 'every request needs a session lookup, so every request now gets 503.',
  };
  return down(`Not ready, on A and B, within ${since(r.waited)} of Redis stopping: ${sentences[col.name] ?? 'it needs Redis.'}`);
}

export function redisStarted(col, r, changed) {
  if (!changed) return unchanged(r, 'running');
  if (!col.info.needs_redis) return r.status === 200 ? ok('Ready, as it was all along.') : failure(col, r);
  if (r.status !== 200) return down(`Still not ready ${since(r.waited)} after Redis came back.`);
  const what = col.name === 'jwt-blacklist' ? 'each reconnected and reloaded its revocation list' : 'both reconnected';
  return ok(`Ready again, A and B, ${since(r.waited)} after Redis came back (from its snapshot, so nothing was lost): ${what}.`);
}
