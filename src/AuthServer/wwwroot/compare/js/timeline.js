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

  /** Updates each line in place (a line is built once), so nothing on the page is replaced under a reader. */
  render() {
    const now = Date.now();
    const shown = this.entries.filter((e) => e.shown);
    const span = Math.max(1000, ...shown.map((e) => now - e.at));
    for (const e of shown) {
      if (!e.node) {
        e.node = line(e);
        const block = $(`tl-${e.col.name}`);
        block.querySelector('.tl-none').hidden = true;
        block.querySelector('.tl-entries').append(e.node);
      }
      update(e, now, span);
    }
  }
}

function line(e) {
  const item = el('li', 'tl-entry');
  item.dataset.kind = e.kind;
  item.append(el('span', 'tl-label', `After ${e.how}${e.who ? ` (${e.who})` : ''}, ${clock(e.at)}`));
  const bar = el('span', 'tl-bar');
  bar.setAttribute('aria-hidden', 'true');
  bar.append(el('span', 'tl-ok'), el('span', 'tl-gap'), el('span', 'tl-no'));
  item.append(bar, el('span', 'tl-text'));
  return item;
}

function update(e, now, span) {
  const state = e.firstRefused !== null ? 'refused' : e.lastAccepted !== null ? 'accepted' : 'unknown';
  const total = now - e.at;
  const okUntil = e.lastAccepted !== null ? e.lastAccepted - e.at : 0;
  const refusedFrom = e.firstRefused !== null ? e.firstRefused - e.at : total;
  const widths = [okUntil, refusedFrom - okUntil, total - refusedFrom];
  e.node.dataset.state = state;
  e.node.querySelectorAll('.tl-bar span').forEach((part, i) => {
    part.style.width = `${Math.max(0, (100 * widths[i]) / span)}%`;
  });
  e.node.querySelector('.tl-text').textContent = text(e, state);
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
