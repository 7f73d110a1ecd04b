// One plain sentence per result, worded for a student. Each returns { tone, sentence }.
import { reasonOf } from './api.js';
import { clock, untilText } from './time.js';

const ok = (sentence) => ({ tone: 'ok', sentence });
const refused = (sentence) => ({ tone: 'refused', sentence });
const info = (sentence) => ({ tone: 'info', sentence });

/** What each known strategy promises; the flags from /auth/strategy cover any other. */
export const promises = {
  'stateless-jwt': [
    ['Credential', 'a signed JWT. The server checks the signature and keeps no record of it.'],
    ['After logout', 'the token keeps working until its exp: nothing on the server can recall it.'],
    ['Log out everywhere', 'not possible, for the same reason.'],
  ],
  'jwt-refresh': [
    ['Credential', 'a short-lived JWT plus an opaque refresh token stored (hashed) in SQLite.'],
    ['After logout', 'the refresh token is refused at once; the JWT still works until its short exp.'],
    ['Refresh tokens', 'rotate on every use; using one twice revokes the whole family.'],
  ],
  'jwt-blacklist': [
    ['Credential', 'a JWT with an id (jti). Every request also asks Redis whether that id was revoked.'],
    ['After logout', 'the token is refused at once, on every server instance.'],
    ['If Redis is down', 'the server refuses or accepts unchecked tokens, as configured.'],
  ],
  'redis-session': [
    ['Credential', 'an opaque random session id. It means nothing alone; Redis holds the session.'],
    ['After logout', 'the session is deleted, so the id is refused at once, everywhere.'],
    ['Expiry', 'sliding: every request pushes the idle timeout back, up to a hard cap.'],
  ],
};

export function strategySummary(s) {
  const lifetime = untilText(s.access_token_lifetime_seconds * 1000);
  return `${s.revocable ? 'Can' : 'Cannot'} refuse a credential before it expires · `
    + `${s.refresh_tokens ? 'hands out refresh tokens' : 'no refresh tokens'} · `
    + `${s.needs_redis ? 'needs Redis' : 'no Redis'} · access credential lasts ${lifetime}.`;
}

export function register(r, username) {
  if (r.status === 201) return ok(`Account "${username}" created: the server stored a salted hash of the password, never the password itself.`);
  if (r.status === 409) return info('That username is taken: log in with it, or pick another.');
  return refused(`Not created: ${reasonOf(r)}`);
}

export function login(r, s, isJwt) {
  if (r.status === 200) {
    const what = isJwt
      ? 'a signed JWT that any server holding the key can check without looking anything up'
      : 'a random session id that only means something to the session store';
    const refresh = r.body.refresh_token ? ', plus a refresh token to get a new one later' : '';
    return ok(`Logged in: the ${s.strategy} strategy handed you ${what}${refresh}.`);
  }
  if (r.status === 401) return refused('Wrong username or password (the server answers the same for both, so nobody can probe which usernames exist).');
  if (r.status === 429) return refused(`Too many attempts: the server asks you to wait ${r.retryAfter ?? 'a few'} seconds.`);
  return refused(`Not logged in: ${reasonOf(r)}`);
}

export function profile(r, s) {
  if (r.status === 200) {
    const how = s.strategy === 'redis-session'
      ? 'after finding your session in Redis'
      : s.revocable ? 'after checking the signature and asking Redis that the token was not revoked' : 'from the signature alone, without any lookup';
    return ok(`Accepted: the server knows you are "${r.body.username}", ${how}.`);
  }
  if (r.status === 401) return refused(`Refused (401): ${reasonOf(r)}.`);
  return refused(`Failed (${r.status}): ${reasonOf(r)}.`);
}

export function tamper(r, isJwt) {
  if (r.status === 401) {
    return refused(isJwt
      ? `Refused (401): ${reasonOf(r)}. Editing the payload breaks the signature, and only the server's key can make a new one.`
      : `Refused (401): ${reasonOf(r)}. A session id is a random key: an edited one matches no session.`);
  }
  return info(`Unexpected: the edited credential got ${r.status}.`);
}

export function refresh(r) {
  if (r.status === 200) return ok('Rotated: the old refresh token is now used up, and you got a new access token and a new refresh token.');
  return refused(`Refused (${r.status} ${r.body?.error ?? ''}): the refresh token is used, revoked or expired.`);
}

export function replay(r) {
  if (r.status === 200) return info('Accepted: the old token came back within the reuse grace (two tabs refreshing at once), so it got the same successor.');
  return refused(`Refused (${r.status} ${r.body?.error ?? ''}): that refresh token was already used, so the server treats this as theft and revokes its whole family.`);
}

export function newest(r) {
  if (r.status === 200) return info('Accepted: the family was not revoked, so the newest refresh token still works.');
  return refused(`Refused too (${r.status} ${r.body?.error ?? ''}): the replay revoked the whole family, so even the newest refresh token is dead. Everyone holding it must log in again.`);
}

const ended = { logout: 'Logged out', 'logout-all': 'Logged out everywhere' };

export function signOut(kind, r) {
  if (r.status !== 200) return refused(`${ended[kind]} failed (${r.status}): ${reasonOf(r)}.`);
  const until = clock(Date.parse(r.body.access_token_valid_until));
  if (!r.body.revoked) return info(`${ended[kind]}, but the server had nothing to take back: the access credential stays valid until ${until}.`);
  return ok(`${ended[kind]}: the server revoked ${kind === 'logout' ? 'this session' : 'every session of yours'}; see below whether the access credential still works (its exp is ${until}).`);
}

export function revoke(r, hint, s) {
  const what = hint === 'refresh_token' ? 'refresh token' : 'access token';
  if (r.status === 200 && r.body?.revoked) return ok(`Revoked (RFC 7009): the server will refuse this ${what} from now on.`);
  if (r.status === 200) return info(`The server answered 200, as RFC 7009 asks even for unknown tokens, but it had nothing to revoke for this ${what}.`);
  if (r.body?.error === 'unsupported_token_type') {
    return info(`Not possible (unsupported_token_type): under ${s.strategy} a ${what} cannot be recalled; it simply lives until it expires.`);
  }
  return refused(`Revocation failed (${r.status}): ${reasonOf(r)}.`);
}

export function afterProfile(r, expiresAt) {
  if (r.status === 200) return info(`Still works: the same credential is accepted, and will be until ${clock(expiresAt)} (${untilText(expiresAt - Date.now())} from now).`);
  if (r.status === 401) return refused(`Refused at once (401): ${reasonOf(r)}. The credential died with the session.`);
  return refused(`Failed (${r.status}): ${reasonOf(r)}.`);
}

export function afterRefresh(r) {
  if (r.status === 200) return info('The refresh token still works: it was just rotated for a new pair, so the session lives on.');
  return refused(`The refresh token is refused too (${r.status} ${r.body?.error ?? ''}): no new access token can be had without logging in.`);
}
