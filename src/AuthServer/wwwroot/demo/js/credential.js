// Step 2: the credential, raw and decoded, with a live countdown to the moment it stops working.
import { decodeJwt } from './jwt.js';
import { $, segments } from './view.js';
import { clock, countdown, untilText } from './time.js';

let expiresAt = null;
let sliding = false;
let timer = null;

export function showCredential(tokens, info) {
  const jwt = decodeJwt(tokens.access_token);
  $('credential-box').hidden = false;
  $('jwt-parts').hidden = !jwt;
  if (jwt) {
    segments($('credential-raw'), jwt.parts);
    $('jwt-header').textContent = JSON.stringify(jwt.header, null, 2);
    $('jwt-payload').textContent = JSON.stringify(jwt.payload, null, 2);
    $('jwt-signature').textContent = jwt.signature;
    $('jwt-claims').textContent = claimsText(jwt.payload);
    $('credential-kind').textContent = `A JWT: three base64url parts joined by dots. Colours: header, payload, signature.${jwt.payload.jti ? ` Its id (jti) is ${jwt.payload.jti}.` : ''}`;
  } else {
    $('credential-raw').textContent = tokens.access_token;
    $('credential-kind').textContent = 'An opaque session id: random bytes that say nothing about you. The server looks it up in its session store on every request.';
  }

  const refresh = tokens.refresh_token;
  $('refresh-box').hidden = !refresh;
  if (refresh) {
    $('refresh-raw').textContent = refresh;
    $('refresh-note').textContent = `Opaque: the server stores only its SHA-256 hash. Valid for ${untilText(tokens.refresh_expires_in * 1000)} unless used or revoked.`;
  }

  sliding = !jwt && info.strategy === 'redis-session';
  expiresAt = jwt?.payload.exp ? jwt.payload.exp * 1000 : Date.now() + tokens.expires_in * 1000;
  startCountdown();
  return jwt;
}

// The numeric dates are Unix seconds (RFC 7519 §2): say what they mean.
function claimsText(p) {
  const at = (seconds) => clock(seconds * 1000);
  const parts = [`iat: issued at ${at(p.iat)}`, `nbf: not before ${at(p.nbf)}`, `exp: expires at ${at(p.exp)}`, 'sub: your user id', 'sid: this sign-in'];
  return parts.join(' · ');
}

/** /profile answers with the current expiry: under a sliding session it moves on every request. */
export function updateExpiry(isoTime) {
  const parsed = Date.parse(isoTime);
  if (!Number.isNaN(parsed)) expiresAt = parsed;
  tick();
}

export function currentExpiry() {
  return expiresAt;
}

function startCountdown() {
  clearInterval(timer);
  tick();
  timer = setInterval(tick, 250);
}

function tick() {
  const target = $('countdown');
  if (expiresAt === null) return;
  const left = expiresAt - Date.now();
  target.classList.toggle('expired', left <= 0);
  if (left <= 0) {
    target.textContent = `Expired at ${clock(expiresAt)}: the server will now refuse it.`;
    return;
  }

  const prefix = sliding ? 'Idle expiry in' : 'Expires in';
  const suffix = sliding ? ' (each request pushes it back)' : '';
  target.textContent = `${prefix} ${countdown(left)}, at ${clock(expiresAt)}${suffix}`;
}
