// Every call the page makes goes through here, so the request log sees them all.
const listeners = [];

export function onCall(listener) {
  listeners.push(listener);
}

export async function call(method, path, { token, json, form } = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    // RFC 7009 §2.1: the revocation request is a form post.
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }

  let response;
  try {
    response = await fetch(path, { method, headers, body, cache: 'no-store' });
  } catch (error) {
    const failed = { method, path, status: 0, ok: false, body: null, text: String(error), challenge: null, retryAfter: null };
    listeners.forEach((l) => l(failed));
    return failed;
  }

  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
  const result = {
    method,
    path,
    status: response.status,
    ok: response.ok,
    body: parsed,
    text,
    challenge: response.headers.get('WWW-Authenticate'),
    retryAfter: response.headers.get('Retry-After'),
  };
  listeners.forEach((l) => l(result));
  return result;
}

/** The RFC 6750 error_description of a WWW-Authenticate challenge, or the problem's detail. */
export function reasonOf(result) {
  const match = /error_description="([^"]*)"/.exec(result.challenge ?? '');
  if (match) return match[1];
  return result.body?.error_description ?? result.body?.detail ?? result.body?.error ?? `HTTP ${result.status}`;
}
