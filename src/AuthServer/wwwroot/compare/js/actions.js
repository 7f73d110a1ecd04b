// The actions, each run on one column (one strategy). Each resolves to the cell it shows: the headline answer, its
// sentence, the follow-up answers worth seeing, and every request it made.
import { api } from './remote.js';
import * as teach from './teach.js';

const password = 'correct-horse-battery';

function cell(headline, said, requests, extra = []) {
  return {
    status: headline?.status ?? null,
    reason: headline?.reason ?? null,
    ms: headline?.ms ?? null,
    on: headline?.on ?? null,
    ...said,
    requests,
    extra: extra.map(([kind, label, r]) => ({ kind, label, status: r.status, reason: r.reason })),
  };
}

/** Takes a token response as the column's current credential. */
function adopt(col, tokens, at) {
  col.access = tokens.access_token;
  col.refresh = tokens.refresh_token ?? null;
  col.validUntil = at + tokens.expires_in * 1000;
  col.usedRefresh = null;
  col.familyDead = false;
  col.ended = null;
}

/**
 * When the credential would die by itself: its exp for a JWT (revocable strategies answer a logout with "valid until
 * now", which says nothing about how long a copy would have lived), the idle timeout for a session.
 */
function expiry(col, logoutAnswer) {
  return Math.max(Date.parse(logoutAnswer.body.access_token_valid_until), col.validUntil);
}

/** Registers the column's user once (a 409 means an earlier click did); returns the failed answer, if any. */
async function account(col, requests) {
  if (col.registered) return null;
  const r = await api(col, 'a', 'POST', '/auth/register', { json: { username: col.username, password } });
  requests.push(r);
  if (r.status === 201 || r.status === 409) {
    col.registered = true;
    return null;
  }
  return r;
}

const signIn = (col, instance) => api(col, instance, 'POST', '/auth/login', { json: { username: col.username, password } });

export async function login(col, ctx) {
  const requests = [];
  const failed = await account(col, requests);
  if (failed) return cell(failed, teach.failure(col, failed), requests);
  const r = await signIn(col, 'a');
  requests.push(r);
  if (r.status === 200) adopt(col, r.body, r.at);
  return cell(r, teach.login(col, r, ctx), requests);
}

export async function callProfile(col, ctx, instance) {
  if (!col.access) return cell(null, teach.nothingToSend(), []);
  const r = await api(col, instance, 'GET', '/profile', { token: col.access });
  ctx.timeline.observe(col.access, r);
  return cell(r, teach.call(col, r, instance, col.ended, ctx), [r]);
}

export async function logout(col, ctx) {
  if (!col.access) return cell(null, teach.nothingToSend(), []);
  const r = await api(col, 'a', 'POST', '/auth/logout', { token: col.access });
  if (r.status === 200) {
    col.ended = ctx.timeline.end(col, col.access, { kind: 'logout', how: 'the logout' }, r.at, expiry(col, r));
    col.familyDead = col.familyDead || (!!col.refresh && r.body.revoked);
  }
  return cell(r, teach.logout(col, r), [r]);
}

export async function refresh(col) {
  const has = col.info.refresh_tokens;
  if (has && !col.refresh) return cell(null, teach.nothingToSend(), []);
  // Where the strategy has none, the server still says so: an empty request gets its unsupported_grant_type.
  const r = await api(col, 'b', 'POST', '/auth/refresh', { json: has ? { refresh_token: col.refresh } : {} });
  if (r.status === 200) {
    const old = col.refresh;
    adopt(col, r.body, r.at);
    col.usedRefresh = old;
  }
  return cell(r, teach.refresh(col, r), [r]);
}

/** Needs a used token of a live family: when there is none, logs in afresh and refreshes once first (shown in the cell). */
export async function replay(col) {
  if (!col.info.refresh_tokens) {
    const r = await api(col, 'a', 'POST', '/auth/refresh', { json: {} });
    return cell(r, teach.replay(col, r, null), [r]);
  }
  const requests = [];
  const extra = [];
  if (!col.usedRefresh || col.familyDead) {
    const failed = await account(col, requests);
    if (failed) return cell(failed, teach.failure(col, failed), requests);
    const fresh = await signIn(col, 'a');
    requests.push(fresh);
    extra.push(['login', 'first, log in afresh on A', fresh]);
    if (fresh.status !== 200) return cell(fresh, teach.failure(col, fresh), requests, extra);
    adopt(col, fresh.body, fresh.at);
    const rotated = await api(col, 'a', 'POST', '/auth/refresh', { json: { refresh_token: col.refresh } });
    requests.push(rotated);
    extra.push(['rotate', 'and refresh once on A', rotated]);
    if (rotated.status !== 200) return cell(rotated, teach.failure(col, rotated), requests, extra);
    const old = col.refresh;
    adopt(col, rotated.body, rotated.at);
    col.usedRefresh = old;
  }
  const r = await api(col, 'a', 'POST', '/auth/refresh', { json: { refresh_token: col.usedRefresh } });
  const newest = await api(col, 'b', 'POST', '/auth/refresh', { json: { refresh_token: col.refresh } });
  requests.push(r, newest);
  extra.push(['newest', 'then the newest refresh token, on B', newest]);
  if (newest.status === 200) {
    adopt(col, newest.body, newest.at);
  } else {
    col.familyDead = true;
  }
  return cell(r, teach.replay(col, r, newest), requests, extra);
}

/** Two devices: this one logs in on A, another on B; this one logs out everywhere; the other is tried on B. */
export async function logoutAll(col, ctx) {
  const requests = [];
  const failed = await account(col, requests);
  if (failed) return cell(failed, teach.failure(col, failed), requests);
  const mine = await signIn(col, 'a');
  const other = await signIn(col, 'b');
  requests.push(mine, other);
  const extra = [['login', 'log in on A (this device)', mine], ['login-other', 'log in on B (another device)', other]];
  const broken = [mine, other].find((r) => r.status !== 200);
  if (broken) return cell(broken, teach.failure(col, broken), requests, extra);
  adopt(col, mine.body, mine.at);

  const r = await api(col, 'a', 'POST', '/auth/logout-all', { token: col.access });
  requests.push(r);
  if (r.status !== 200) return cell(r, teach.failure(col, r), requests, extra);
  col.ended = ctx.timeline.end(col, col.access, { kind: 'logout-all', how: 'log out everywhere', who: 'this device', shown: false }, r.at, expiry(col, r));
  const otherExpiry = other.at + other.body.expires_in * 1000;
  ctx.timeline.end(col, other.body.access_token, { kind: 'logout-all-other', how: 'log out everywhere', who: 'the other device' }, r.at, otherExpiry);
  col.familyDead = col.familyDead || (!!col.refresh && r.body.revoked);

  const check = await api(col, 'b', 'GET', '/profile', { token: other.body.access_token });
  ctx.timeline.observe(other.body.access_token, check);
  requests.push(check);
  extra.push(['other', 'the other device’s credential, on B right after', check]);
  return cell(r, teach.logoutAll(col, r, check), requests, extra);
}
