// The grid of answers: one row per action, one cell per strategy. Everything the servers said is set as text.
import { clock } from '/demo/js/time.js';
import { $, el } from '/demo/js/view.js';
import { millis, statusText } from './format.js';

let rows = 0;

const port = (address) => new URL(address).port;

export function header(columns) {
  const cells = columns.map((col) => {
    const th = el('th');
    th.scope = 'col';
    th.dataset.strategy = col.name;
    const name = el('span', 'col-name');
    name.append(el('code', null, col.name));
    th.append(name, el('span', 'col-promise', col.promise), el('span', 'col-where', `A :${port(col.instances.a)} · B :${port(col.instances.b)}`));
    return th;
  });
  $('grid-head').append(...cells);
}

/** A new row, its cells waiting for their answers. */
export function addRow(step, label, note, columns) {
  rows += 1;
  const row = el('tr');
  row.dataset.step = step;
  row.dataset.index = String(rows);
  const head = el('th');
  head.scope = 'row';
  head.append(el('span', 'step-label', `${rows}. ${label}`), el('span', 'step-time', note ? `${clock(Date.now())} · ${note}` : clock(Date.now())));
  row.append(head);
  const cells = columns.map((col) => {
    const cell = el('td', 'cell pending', '…');
    cell.dataset.strategy = col.name;
    cell.setAttribute('aria-busy', 'true');
    return cell;
  });
  row.append(...cells);
  $('grid-body').append(row);
  $('grid-empty').hidden = true;
  return { row, cells };
}

export function fill(cell, c) {
  cell.className = `cell ${c.tone}`;
  cell.removeAttribute('aria-busy');
  cell.dataset.status = c.status === null ? 'none' : String(c.status);
  cell.replaceChildren();
  if (c.status !== null) {
    const head = el('div', 'cell-head');
    head.append(el('span', 'badge', `${c.status} ${statusText[c.status] ?? ''}`.trim()), el('span', 'ms', millis(c.ms)), el('span', 'on', `on ${c.on}`));
    cell.append(head);
  }
  if (c.reason) cell.append(el('p', 'why', `“${c.reason}”`));
  cell.append(el('p', 'sentence', c.sentence));
  if (c.extra.length) {
    const list = el('ul', 'extra');
    for (const x of c.extra) {
      const item = el('li');
      item.dataset.kind = x.kind;
      item.dataset.status = String(x.status);
      item.append(`${x.label}: `, el('b', null, String(x.status)), x.reason ? ` “${x.reason}”` : '');
      list.append(item);
    }
    cell.append(list);
  }
  if (c.requests.length) {
    const details = el('details');
    const list = el('ol');
    c.requests.forEach((r) => list.append(el('li', null, `${r.label} → ${r.status} (${millis(r.ms)})`)));
    details.append(el('summary', null, c.requests.length === 1 ? 'The request' : `The ${c.requests.length} requests`), list);
    cell.append(details);
  }
}
