// DOM helpers. Everything the server sends is set as text, never parsed as HTML.
export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const statusText = { 0: 'no answer', 200: 'OK', 201: 'Created', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests', 503: 'Service Unavailable' };

/** One result: the call, its status, one sentence, and the raw answer folded away. */
export function result(r, { tone, sentence }, { step, label } = {}) {
  const box = el('div', `result ${tone}`);
  box.dataset.status = String(r.status);
  if (step) box.dataset.step = step;
  const head = el('div', 'result-head');
  head.append(el('span', 'badge', `${r.status} ${statusText[r.status] ?? ''}`.trim()), el('span', 'call', label ?? `${r.method} ${r.path}`));
  box.append(head, el('p', 'sentence', sentence));
  if (r.challenge) box.append(el('p', 'challenge', `WWW-Authenticate: ${r.challenge}`));
  if (r.text) {
    const details = el('details');
    details.append(el('summary', null, 'Response body'), el('pre', null, r.body ? JSON.stringify(r.body, null, 2) : r.text));
    box.append(details);
  }
  return box;
}

export function show(containerId, ...boxes) {
  $(containerId).replaceChildren(...boxes);
}

export function append(containerId, box) {
  $(containerId).append(box);
}

/** A token split into its coloured segments; edited segments are marked. */
export function segments(target, parts, editedIndex = -1) {
  const names = ['seg-header', 'seg-payload', 'seg-signature'];
  target.replaceChildren();
  parts.forEach((part, i) => {
    if (i > 0) target.append(el('span', 'seg-dot', '.'));
    target.append(el('span', i === editedIndex ? `${names[i]} seg-edited` : names[i], part));
  });
}

export function log(r) {
  const item = el('li', r.ok ? 'st-ok' : 'st-no', `${r.method} ${r.path} → ${r.status}`);
  $('request-log').prepend(item);
}
