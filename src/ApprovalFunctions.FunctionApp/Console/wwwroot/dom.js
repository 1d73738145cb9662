// Small DOM helpers. Text always goes in as text (never as HTML), so Chinese names, form values and error
// messages from the source system or Feishu show exactly as sent and cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function appendChildren(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.setAttribute('class', value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
}

/** h('td', {class: 'num'}, 'text', childNode, ...) */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  appendChildren(element, children);
  return element;
}

export function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  appendChildren(element, children);
  return element;
}

export function replace(container, ...children) {
  container.replaceChildren();
  appendChildren(container, children);
}

/** A Date from an ISO string, a Date, or Unix milliseconds (Feishu's times are strings of them). */
export function toDate(value) {
  if (value === null || value === undefined || value === '' || value === 0 || value === '0') return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || /^\d+$/.test(String(value))) return new Date(Number(value));
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

const localFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

export function utcText(date) {
  return 'UTC ' + date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A <time> in the operator's local time, with UTC (to the millisecond) on hover. */
export function time(value, empty = '–') {
  const date = toDate(value);
  if (!date) return h('span', { class: 'muted' }, empty);
  return h('time', { datetime: date.toISOString(), title: utcText(date) }, localFormat.format(date));
}

/** A Feishu update_time: local time, with UTC and the raw milliseconds on hover. */
export function feishuTime(millis) {
  const date = toDate(millis);
  if (!date) return h('span', { class: 'muted' }, millis === 0 || millis === '0' ? '0' : '–');
  return h('time', { datetime: date.toISOString(), title: `${utcText(date)} · ${millis} ms` }, localFormat.format(date));
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${total % 60} s`;
  const hours = Math.floor(total / 3600);
  return `${hours} h ${Math.floor((total % 3600) / 60)} min`;
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind ?? ''}`.trim() }, text);
}

/** A table from column definitions [{label, cell(row) => node|text, class}] and rows. */
export function table(columns, rows, { caption, empty = 'None.', rowClass } = {}) {
  if (!rows || rows.length === 0) return h('p', { class: 'muted empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.class }, c.label)))),
      h('tbody', {}, rows.map(row => h('tr', { class: rowClass ? rowClass(row) : null },
        columns.map(c => h('td', { class: c.class, 'data-label': typeof c.label === 'string' ? c.label : null }, c.cell(row))))))));
}

export function instanceLink(instanceId) {
  return h('a', { href: `#instance/${encodeURIComponent(instanceId)}`, class: 'instance-link' }, instanceId);
}

const dialog = () => document.getElementById('confirm-dialog');

/** A modal confirmation (native <dialog>: focus is trapped, Esc cancels). Resolves true when confirmed. */
export function confirmAction({ title, message, confirmLabel = 'Confirm', danger = false }) {
  const box = dialog();
  document.getElementById('confirm-title').textContent = title;
  replace(document.getElementById('confirm-message'), message);
  const ok = document.getElementById('confirm-ok');
  ok.textContent = confirmLabel;
  ok.className = danger ? 'danger' : '';
  box.returnValue = 'cancel';
  return new Promise(resolve => {
    box.addEventListener('close', () => resolve(box.returnValue === 'confirm'), { once: true });
    box.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}
