// Reading a JWT needs no key: header and payload are only base64url-encoded JSON (RFC 7519).
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function fromBase64Url(segment) {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const binary = atob(base64);
  return decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function toBase64Url(text) {
  const bytes = encoder.encode(text);
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The three parts decoded, or null when the credential is not a JWT (an opaque session id). */
export function decodeJwt(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return { parts, header: JSON.parse(fromBase64Url(parts[0])), payload: JSON.parse(fromBase64Url(parts[1])), signature: parts[2] };
  } catch {
    return null;
  }
}

/** The attacker's edit: claim to be admin in the payload, keep the original header and signature. */
export function tamperJwt(token) {
  const jwt = decodeJwt(token);
  const payload = { ...jwt.payload, name: 'admin', role: ['admin'] };
  const edited = toBase64Url(JSON.stringify(payload));
  return { token: `${jwt.parts[0]}.${edited}.${jwt.parts[2]}`, parts: [jwt.parts[0], edited, jwt.parts[2]], payload };
}

/** An opaque id has nothing to edit but its characters: change the last one. */
export function tamperOpaque(token) {
  const last = token.at(-1);
  const replacement = last === 'A' ? 'B' : 'A';
  return { token: token.slice(0, -1) + replacement, kept: token.slice(0, -1), changed: replacement };
}
