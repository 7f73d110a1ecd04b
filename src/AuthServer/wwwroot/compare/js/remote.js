// Calls to the instances (through this host's /s/{strategy}/{a|b}/…) and to the host's own API.
import { call, reasonOf } from '/demo/js/api.js';

/** One request to instance a or b of a column, timed in the browser, with the reason it gives when it refuses. */
export async function api(column, instance, method, path, options = {}) {
  const sentAt = Date.now();
  const started = performance.now();
  const r = await call(method, `/s/${column.name}/${instance}${path}`, options);
  r.ms = performance.now() - started;
  r.sentAt = sentAt;
  r.at = Date.now();
  r.on = instance.toUpperCase();
  r.label = `${method} ${path} on ${r.on}`;
  r.reason = r.ok ? null : readinessReason(r) ?? reasonOf(r);
  return r;
}

/** /health/ready names its failing checks: "redis: Redis is not connected." */
function readinessReason(r) {
  const checks = r.body?.checks;
  if (!checks) return null;
  const failing = Object.entries(checks).filter(([, c]) => c.status !== 'Healthy');
  return failing.length ? failing.map(([name, c]) => `${name}: ${c.description}`).join(' ') : null;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * Asks /health/ready on A and on B until both say ready (or both not ready), for at most patienceMs each. Measures
 * how long the instances take to notice Redis going or coming back; an instance that never needed Redis is asked once.
 * Answers with the slower instance's last answer.
 */
export async function readiness(column, wantReady, patienceMs) {
  const [a, b] = await Promise.all(['a', 'b'].map((instance) => readinessOf(column, instance, wantReady, patienceMs)));
  const settled = (r) => (r.status === 200) === wantReady;
  const slower = !settled(a) || (settled(b) && a.waited >= b.waited) ? a : b;
  slower.on = 'A and B';
  slower.others = [a, b].filter((r) => r !== slower);
  return slower;
}

async function readinessOf(column, instance, wantReady, patienceMs) {
  const started = performance.now();
  let r = await api(column, instance, 'GET', '/health/ready');
  while (column.info.needs_redis && (r.status === 200) !== wantReady && performance.now() - started < patienceMs) {
    await sleep(100);
    r = await api(column, instance, 'GET', '/health/ready');
  }

  r.waited = performance.now() - started;
  return r;
}

/** The columns and the Redis; null when this is a plain AuthServer, not the comparison host (its static files hold this page too). */
export async function setup() {
  for (;;) {
    const response = await fetch('/compare/api/setup', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (response.status === 200) return response.json();
    if (response.status === 404) return null;
    await sleep(500);
  }
}

/** Stops or starts the embedded Redis; the header keeps other sites from doing it (a CORS preflight nobody grants). */
export async function switchRedis(action) {
  const started = performance.now();
  const response = await fetch(`/compare/api/redis/${action}`, { method: 'POST', headers: { 'X-Comparison': '1', Accept: 'application/json' } });
  const body = response.ok ? await response.json() : null;
  return { status: response.status, running: body?.running, ms: performance.now() - started };
}
