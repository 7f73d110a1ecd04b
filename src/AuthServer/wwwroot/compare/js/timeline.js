// The running timeline: each credential a logout ended, and how long it was still accepted after it. Every call the
// page makes with such a credential counts; a probe every few seconds keeps the line running until it is refused.
import { clock } from '/demo/js/time.js';
import { $, el } from '/demo/js/view.js';
import { since } from './format.js';
import { api } from './remote.js';

const probeEveryMs = 4000;

export class Timeline {
  constructor(columns) {
    this.columns = columns;
    this.entries = [];
    this.byToken = new Map();
    this.turn = 0;
    this.probing = false;
  }

  /** Builds one block per column, in the grid's order. */
  mount() {
    const blocks = this.columns.map((col) => {
      const block = el('div', 'tl-strategy');
      block.id = `tl-${col.name}`;
      block.dataset.strategy = col.name;
      const title = el('h3');
      title.append(el('code', null, col.name));
      block.append(title, el('p', 'tl-none', 'No logout yet.'), el('ol', 'tl-entries'));
      return block;
    });
    $('timeline').replaceChildren(...blocks);
    setInterval(() => this.probe(), probeEveryMs);
    setInterval(() => this.render(), 1000);
  }

  /**
   * A logout answered at `at`: from now on, calls with this token count for its line. A line not shown (the device that
   * logged out everywhere, next to the other device that is the lesson) still tells the cells how long ago it ended.
   */
  end(col, token, { kind, how, who, shown = true }, at, validUntil) {
    if (this.byToken.has(token)) return this.byToken.get(token);
    const entry = { col, token, kind, how, who, shown, at, validUntil, lastAccepted: null, firstRefused: null, reason: null, lastStatus: null };
    this.entries.push(entry);
    this.byToken.set(token, entry);
    this.render();
    return entry;
  }

  observe(token, r) {
    const entry = this.byToken.get(token);
    if (!entry || r.sentAt < entry.at) return;
    entry.lastStatus = r.status;
    if (r.status === 200) {
      entry.lastAccepted = Math.max(entry.lastAccepted ?? 0, r.sentAt);
    } else if (r.status === 401 && (entry.firstRefused === null || r.sentAt < entry.firstRefused)) {
      entry.firstRefused = r.sentAt;
      entry.reason = r.reason;
    }
    this.render();
  }

  /** Asks about every line not yet refused and not long expired, on A and B in turn. */
  async probe() {
    if (document.hidden || this.probing) return;
    const open = this.entries.filter((e) => e.shown && e.firstRefused === null && Date.now() < e.validUntil + 60_000);
    this.probing = true;
    try {
      await Promise.all(open.map(async (e) => {
        this.turn += 1;
        const r = await api(e.col, this.turn % 2 ? 'b' : 'a', 'GET', '/profile', { token: e.token });
        this.observe(e.token, r);
      }));
    } finally {
      this.probing = false;
    }
  }

  render() {
    const now = Date.now();
    const shown = this.entries.filter((e) => e.shown);
    const span = Math.max(1000, ...shown.map((e) => now - e.at));
    for (const col of this.columns) {
      const block = $(`tl-${col.name}`);
      if (!block) continue;
      const mine = shown.filter((e) => e.col === col);
      block.querySelector('.tl-none').hidden = mine.length > 0;
      block.querySelector('.tl-entries').replaceChildren(...mine.map((e) => line(e, now, span)));
    }
  }
}

function line(e, now, span) {
  const item = el('li', 'tl-entry');
  const state = e.firstRefused !== null ? 'refused' : e.lastAccepted !== null ? 'accepted' : 'unknown';
  item.dataset.kind = e.kind;
  item.dataset.state = state;
  item.append(el('span', 'tl-label', `After ${e.how}${e.who ? ` (${e.who})` : ''}, ${clock(e.at)}`));

  const total = now - e.at;
  const okUntil = e.lastAccepted !== null ? e.lastAccepted - e.at : 0;
  const refusedFrom = e.firstRefused !== null ? e.firstRefused - e.at : total;
  const bar = el('span', 'tl-bar');
  bar.setAttribute('aria-hidden', 'true');
  [['tl-ok', okUntil], ['tl-gap', refusedFrom - okUntil], ['tl-no', total - refusedFrom]].forEach(([name, ms]) => {
    const part = el('span', name);
    part.style.width = `${Math.max(0, (100 * ms) / span)}%`;
    bar.append(part);
  });
  item.append(bar, el('span', 'tl-text', text(e, state)));
  return item;
}

function text(e, state) {
  if (state === 'refused') {
    return e.lastAccepted !== null
      ? `Kept working at least ${since(e.lastAccepted - e.at)}; refused from ${since(e.firstRefused - e.at)} after (${e.reason}).`
      : `Kept working: no. Refused at the first call, ${since(e.firstRefused - e.at)} after (${e.reason}).`;
  }
  if (state === 'accepted') return `Still accepted ${since(e.lastAccepted - e.at)} after; it lives until ${clock(e.validUntil)}.`;
  return e.lastStatus === 503 ? 'Not known: 503 while Redis is down.' : 'Not checked yet.';
}
