// The Feishu traffic chart: one group of bars per minute of the last hour, drawn as SVG here (no chart library).
import { h, s, utcText } from './dom.js';

const MINUTES = 60;
const WIDTH = 960;
const HEIGHT = 200;
const PAD = { left: 36, right: 8, top: 10, bottom: 24 };

const series = [
  { key: 'calls', label: 'Calls', class: 'bar-calls' },
  { key: 'rate_limited', label: '429 / rate-limited', class: 'bar-429' },
  { key: 'failures', label: 'Failures', class: 'bar-failures' },
];

/** minutes: [{minute, calls, rate_limited, failures}] as the overview answers; now: the server's time. */
export function feishuChart(minutes, now) {
  const end = new Date(now);
  end.setUTCSeconds(0, 0);
  const byMinute = new Map(minutes.map(m => [new Date(m.minute).getTime(), m]));
  const slots = [];
  for (let i = MINUTES - 1; i >= 0; i--) {
    const at = new Date(end.getTime() - i * 60_000);
    const counts = byMinute.get(at.getTime()) ?? {};
    slots.push({ at, calls: counts.calls ?? 0, rate_limited: counts.rate_limited ?? 0, failures: counts.failures ?? 0 });
  }

  const totals = Object.fromEntries(series.map(x => [x.key, slots.reduce((sum, slot) => sum + slot[x.key], 0)]));
  const max = Math.max(1, ...slots.map(slot => Math.max(slot.calls, slot.rate_limited, slot.failures)));
  const scale = niceMax(max);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slotWidth = plotWidth / MINUTES;
  const barWidth = Math.max(1, (slotWidth - 1) / series.length);
  const y = value => PAD.top + plotHeight - (value / scale) * plotHeight;

  const grid = [0, scale / 2, scale].map(value => [
    s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: 'grid' }),
    s('text', { x: PAD.left - 4, y: y(value) + 4, class: 'axis', 'text-anchor': 'end' }, formatCount(value)),
  ]);

  const bars = slots.map((slot, index) => {
    const x0 = PAD.left + index * slotWidth;
    const label = `${slot.at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })} (${utcText(slot.at).slice(0, 20)}): ` +
      `${slot.calls} calls, ${slot.rate_limited} rate-limited, ${slot.failures} failures`;
    return s('g', { class: 'slot' },
      s('title', {}, label),
      s('rect', { x: x0, y: PAD.top, width: slotWidth, height: plotHeight, class: 'hover' }),
      series.map((x, k) => slot[x.key] > 0
        ? s('rect', { x: x0 + k * barWidth, y: y(slot[x.key]), width: barWidth, height: Math.max(1, PAD.top + plotHeight - y(slot[x.key])), class: x.class })
        : null));
  });

  const ticks = [0, 15, 30, 45, 59].map(index => s('text', {
    x: PAD.left + index * slotWidth + slotWidth / 2, y: HEIGHT - 6, class: 'axis', 'text-anchor': index === 0 ? 'start' : index === 59 ? 'end' : 'middle',
  }, slots[index].at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })));

  const summary = `Last hour: ${totals.calls} Feishu calls, ${totals.rate_limited} rate-limited (429), ${totals.failures} failures.`;
  return h('figure', { class: 'chart-figure' },
    s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': summary, class: 'chart-svg' },
      grid, bars, ticks),
    h('figcaption', {},
      h('ul', { class: 'legend' }, series.map(x => h('li', {}, h('span', { class: `swatch ${x.class}`, 'aria-hidden': 'true' }), `${x.label}: ${totals[x.key]}`))),
      h('span', { class: 'muted' }, 'Per UTC minute, added up over every host. Hover a minute for its figures.'),
      minuteTable(slots.filter(slot => slot.calls || slot.rate_limited || slot.failures))));
}

/** The same figures as a table, for keyboards and screen readers: only the minutes with traffic. */
function minuteTable(busy) {
  if (busy.length === 0) return null;
  return h('details', { class: 'minutes' },
    h('summary', {}, `Figures per minute (${busy.length} minute${busy.length === 1 ? '' : 's'} with traffic)`),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Minute'), series.map(x => h('th', { scope: 'col', class: 'num' }, x.label)))),
      h('tbody', {}, busy.slice().reverse().map(slot => h('tr', {},
        h('td', { 'data-label': 'Minute' }, h('time', { datetime: slot.at.toISOString(), title: utcText(slot.at) }, slot.at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }))),
        series.map(x => h('td', { class: 'num', 'data-label': x.label }, String(slot[x.key])))))))));
}

function niceMax(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}

function formatCount(value) {
  return value >= 1000 ? `${(value / 1000).toFixed(value % 1000 === 0 ? 0 : 1)}k` : String(Math.round(value * 10) / 10);
}
