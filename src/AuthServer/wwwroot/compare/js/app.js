// The comparison page: one row of actions, applied to the four strategies at once.
import { promises } from '/demo/js/explain.js';
import { $ } from '/demo/js/view.js';
import * as actions from './actions.js';
import { millis } from './format.js';
import * as grid from './grid.js';
import { api, readiness, setup, switchRedis } from './remote.js';
import * as teach from './teach.js';
import { Timeline } from './timeline.js';

const columns = [];
const ctx = { redisUp: true, redisChanged: false, redisAddress: '', timeline: null };
let busy = false;

function readinessCell(col, r, say) {
  return { status: r.status, reason: r.reason, ms: r.ms, on: r.on, ...say(col, r, ctx.redisChanged), requests: [r, ...r.others], extra: [] };
}

// Each button: its row's label, the host action first (Redis), then what runs in every column.
const steps = {
  'act-login': { step: 'login', label: () => (columns.every((c) => c.registered) ? 'Log in on A' : 'Register and log in on A'), run: (col) => actions.login(col, ctx) },
  'act-call-a': { step: 'call-a', label: 'GET /profile on A', run: (col) => actions.callProfile(col, ctx, 'a') },
  'act-call-b': { step: 'call-b', label: 'GET /profile on B', run: (col) => actions.callProfile(col, ctx, 'b') },
  'act-logout': { step: 'logout', label: 'Log out on A', run: (col) => actions.logout(col, ctx) },
  'act-refresh': { step: 'refresh', label: 'Refresh on B', run: (col) => actions.refresh(col) },
  'act-replay': { step: 'replay', label: 'Replay an old refresh token', run: (col) => actions.replay(col) },
  'act-logout-all': { step: 'logout-all', label: 'Log out everywhere', run: (col) => actions.logoutAll(col, ctx) },
  'act-stop-redis': {
    step: 'stop-redis', label: 'Stop Redis', host: 'stop',
    run: async (col) => readinessCell(col, await readiness(col, false, 5000), teach.redisStopped),
  },
  'act-start-redis': {
    step: 'start-redis', label: 'Start Redis', host: 'start',
    run: async (col) => readinessCell(col, await readiness(col, true, 20000), teach.redisStarted),
  },
};

function showRedis() {
  const state = $('redis-state');
  state.textContent = ctx.redisUp ? `Redis: running on ${ctx.redisAddress}` : 'Redis: stopped';
  state.className = `redis-state ${ctx.redisUp ? 'up' : 'down'}`;
}

function setBusy(value) {
  busy = value;
  // aria-disabled, not disabled: the focused button keeps focus, so the keyboard carries on from it.
  document.querySelectorAll('.actions button').forEach((b) => b.setAttribute('aria-disabled', String(value)));
  if (value) document.body.dataset.busy = 'true';
  else delete document.body.dataset.busy;
}

async function hostStep(action) {
  const answer = await switchRedis(action);
  if (answer.status !== 200) return `the comparison host answered ${answer.status}`;
  ctx.redisChanged = answer.running !== ctx.redisUp;
  ctx.redisUp = answer.running;
  showRedis();
  if (!ctx.redisChanged) return `it was already ${answer.running ? 'running' : 'stopped'}`;
  return `${action === 'stop' ? 'snapshot saved, stopped' : 'started'} in ${millis(answer.ms)}`;
}

async function act(id) {
  if (busy) return;
  setBusy(true);
  try {
    const step = steps[id];
    const label = typeof step.label === 'function' ? step.label() : step.label;
    const note = step.host ? await hostStep(step.host) : null;
    const { row, cells } = grid.addRow(step.step, label, note, columns);
    const results = await Promise.all(columns.map(async (col, i) => {
      let c;
      try {
        c = await step.run(col);
      } catch (error) {
        c = { status: null, reason: null, ms: null, on: null, tone: 'refused', sentence: `The page failed: ${error}`, requests: [], extra: [] };
      }
      grid.fill(cells[i], c);
      return c;
    }));
    row.scrollIntoView({ block: 'nearest' });
    $('announce').textContent = `${label}: ${columns.map((col, i) => `${col.name} ${results[i].status ?? 'nothing sent'}`).join(', ')}.`;
  } finally {
    setBusy(false);
  }
}

async function init() {
  const username = `compare-${Math.random().toString(36).slice(2, 8)}`;
  const answer = await setup();
  if (!answer) {
    $('grid-empty').textContent = 'This server is one AuthServer, not the comparison: start it with dotnet run --project src/AuthServer -- --compare and open the address it prints.';
    document.querySelectorAll('.actions button').forEach((b) => { b.disabled = true; });
    return;
  }
  ctx.redisUp = answer.redis.running;
  ctx.redisAddress = answer.redis.address;
  for (const s of answer.strategies) {
    columns.push({ name: s.name, instances: s.instances, username, registered: false, access: null, refresh: null, usedRefresh: null, familyDead: false, ended: null, validUntil: 0 });
  }
  await Promise.all(columns.map(async (col) => {
    const r = await api(col, 'a', 'GET', '/auth/strategy');
    col.info = r.body ?? { revocable: false, refresh_tokens: false, needs_redis: false, access_token_lifetime_seconds: 0 };
    col.promise = `After logout: ${(promises[col.name] ?? []).find(([label]) => label === 'After logout')?.[1] ?? (col.info.revocable ? 'refused at once.' : 'works until it expires.')}`;
  }));
  grid.header(columns);
  ctx.timeline = new Timeline(columns);
  ctx.timeline.mount();
  showRedis();
  $('who').textContent = `Every column signs in as ${username} (password correct-horse-battery), on its own servers.`;
  Object.keys(steps).forEach((id) => $(id).addEventListener('click', () => act(id)));
  document.body.dataset.ready = 'true';
}

init();
