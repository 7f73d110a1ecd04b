// The demo's flow: read the strategy, sign in, use the credential, attack it, end it.
import { call, onCall } from './api.js';
import * as explain from './explain.js';
import { currentExpiry, showCredential, updateExpiry } from './credential.js';
import { tamperJwt, tamperOpaque } from './jwt.js';
import { $, append, el, log, result, segments, show } from './view.js';

const state = { info: null, access: null, refresh: null, oldRefresh: null, isJwt: false };

onCall(log);

async function loadStrategy() {
  const r = await call('GET', '/auth/strategy');
  if (r.status !== 200) {
    $('strategy-summary').textContent = `The server did not answer /auth/strategy (${r.status}).`;
    return;
  }

  state.info = r.body;
  $('strategy-name').textContent = r.body.strategy;
  $('strategy-summary').textContent = explain.strategySummary(r.body);
  const items = (explain.promises[r.body.strategy] ?? []).map(([label, text]) => {
    const li = el('li');
    li.append(el('strong', null, `${label}: `), text);
    return li;
  });
  $('strategy-promises').replaceChildren(...items);
  $('step-refresh').hidden = !r.body.refresh_tokens;
  $('end-step').textContent = r.body.refresh_tokens ? '6' : '5';
  if (r.body.refresh_tokens) $('revoke-which').append(new Option('refresh token', 'refresh_token'));
}

function credentials() {
  return { username: $('username').value.trim(), password: $('password').value };
}

async function register() {
  const body = credentials();
  const r = await call('POST', '/auth/register', { json: body });
  show('result-account', result(r, explain.register(r, body.username)));
}

async function login() {
  const r = await call('POST', '/auth/login', { json: credentials() });
  if (r.status === 200) {
    state.oldRefresh = null;
    // A new credential: the last one's rotation and forgery no longer describe it.
    $('refresh-rotation').hidden = true;
    $('tamper-edit').hidden = true;
    setTokens(r.body);
  }
  show('result-account', result(r, explain.login(r, state.info, state.isJwt)));
}

function setTokens(tokens) {
  state.access = tokens.access_token;
  state.refresh = tokens.refresh_token ?? null;
  state.isJwt = !!showCredential(tokens, state.info);
  $('tamper').textContent = state.isJwt ? 'Make me admin and call /profile' : 'Change one character and call /profile';
}

async function profile() {
  const r = await call('GET', '/profile', { token: state.access });
  if (r.status === 200) updateExpiry(r.body.expires_at);
  show('result-profile', result(r, explain.profile(r, state.info)));
}

async function tamper() {
  const edit = $('tamper-edit');
  edit.hidden = false;
  let forged;
  if (state.isJwt) {
    forged = tamperJwt(state.access);
    segments(edit, forged.parts, 1);
    $('tamper-explain').textContent = 'The payload now says name "admin" and role admin; the header and signature are the originals.';
  } else {
    forged = tamperOpaque(state.access);
    edit.replaceChildren(forged.kept, el('span', 'seg-edited', forged.changed));
    $('tamper-explain').textContent = 'The last character of the session id is changed; everything else is the same.';
  }

  const r = await call('GET', '/profile', { token: forged.token });
  show('result-tamper', result(r, explain.tamper(r, state.isJwt), { label: 'GET /profile with the edited credential' }));
}

async function refresh() {
  const old = state.refresh;
  const r = await call('POST', '/auth/refresh', { json: { refresh_token: old } });
  if (r.status === 200) {
    state.oldRefresh = old;
    setTokens(r.body);
    showRotation(old, r.body.refresh_token);
  }
  show('result-refresh', result(r, explain.refresh(r), { step: 'refresh' }));
}

function showRotation(old, fresh) {
  const list = el('dl');
  list.append(el('dt', null, 'Old refresh token'), el('dd', 'old-token', `${old} (used up)`), el('dt', null, 'New refresh token'), el('dd', 'new-token', fresh));
  $('refresh-rotation').replaceChildren(list);
  $('refresh-rotation').hidden = false;
}

async function replay() {
  const r = await call('POST', '/auth/refresh', { json: { refresh_token: state.oldRefresh } });
  append('result-refresh', result(r, explain.replay(r), { step: 'replay', label: 'POST /auth/refresh with the old refresh token' }));
}

async function tryNewest() {
  const r = await call('POST', '/auth/refresh', { json: { refresh_token: state.refresh } });
  if (r.status === 200) setTokens(r.body);
  append('result-refresh', result(r, explain.newest(r), { step: 'newest', label: 'POST /auth/refresh with the newest refresh token' }));
}

async function endSession(kind) {
  const access = state.access;
  let r;
  let said;
  if (kind === 'revoke') {
    const hint = $('revoke-which').value;
    const token = hint === 'refresh_token' ? state.refresh : access;
    r = await call('POST', '/auth/revoke', { form: { token, token_type_hint: hint } });
    said = explain.revoke(r, hint, state.info);
  } else {
    r = await call('POST', `/auth/${kind}`, { token: access });
    said = explain.signOut(kind, r);
  }
  show('result-end', result(r, said, { step: 'action' }));

  const again = await call('GET', '/profile', { token: access });
  append('result-end', result(again, explain.afterProfile(again, currentExpiry()), { step: 'profile', label: 'then GET /profile with the same access credential' }));
  if (state.refresh) {
    const next = await call('POST', '/auth/refresh', { json: { refresh_token: state.refresh } });
    if (next.status === 200) setTokens(next.body);
    append('result-end', result(next, explain.afterRefresh(next), { step: 'refresh', label: 'then POST /auth/refresh with the refresh token' }));
  }
}

// Buttons follow the state: nothing runs twice at once, and actions wait for a credential.
function refreshButtons(busy = false) {
  document.querySelectorAll('button').forEach((b) => {
    const needs = b.hasAttribute('data-needs-login') ? !!state.access : true;
    const replayable = b.id === 'replay' || b.id === 'try-newest' ? !!state.oldRefresh : true;
    b.disabled = busy || !needs || !replayable;
  });
}

function guard(action) {
  return async (event) => {
    event?.preventDefault();
    refreshButtons(true);
    document.body.dataset.busy = 'true';
    try {
      await action(event);
    } finally {
      refreshButtons();
      delete document.body.dataset.busy;
    }
  };
}

function init() {
  $('username').value = `student-${Math.random().toString(36).slice(2, 7)}`;
  $('password').value = 'correct-horse-battery';
  $('register').addEventListener('click', guard(register));
  $('account-form').addEventListener('submit', guard(login));
  $('call-profile').addEventListener('click', guard(profile));
  $('tamper').addEventListener('click', guard(tamper));
  $('refresh').addEventListener('click', guard(refresh));
  $('replay').addEventListener('click', guard(replay));
  $('try-newest').addEventListener('click', guard(tryNewest));
  $('logout').addEventListener('click', guard(() => endSession('logout')));
  $('logout-all').addEventListener('click', guard(() => endSession('logout-all')));
  $('revoke').addEventListener('click', guard(() => endSession('revoke')));
  refreshButtons();
  loadStrategy().finally(() => { document.body.dataset.ready = 'true'; });
}

init();
