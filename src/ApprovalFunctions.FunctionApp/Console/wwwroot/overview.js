// The overview: lagging and parked instances, Feishu traffic, queues and the last reconcile rounds; replay of parked ones.
import { get, post } from './api.js';
import { feishuChart } from './chart.js';
import { badge, confirmAction, duration, h, instanceLink, replace, table, time } from './dom.js';
import { report, showError, status } from './main-shared.js';

const $ = id => document.getElementById(id);
const selected = new Set();
let lastParked = [];

export async function loadOverview() {
  const overview = await get('/ops/overview');
  renderCards(overview);
  replace($('feishu-chart'), feishuChart(overview.feishu_minutes ?? [], overview.now));
  renderParked(overview.parked);
  replace($('lagging-list'), table([
    { label: 'Instance', cell: r => instanceLink(r.instance_id) },
    { label: 'Why', cell: r => r.reason },
    { label: 'Since', cell: r => time(r.since) },
    { label: 'Desired version', cell: r => r.desired_version, class: 'num' },
  ], overview.lagging.instances, { empty: 'No instance lags.' }), truncatedNote(overview.lagging));
  renderRounds(overview.rounds ?? []);
  replace($('overview-updated'), 'Updated ', time(overview.now));
}

function truncatedNote(list) {
  return list.truncated ? h('p', { class: 'muted' }, `Showing ${list.instances.length} of ${list.count}.`) : null;
}

function card(label, value, note, tone) {
  return h('div', { class: `card ${tone ?? ''}`.trim() }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value' }, value), note ? h('div', { class: 'card-note' }, note) : null);
}

function renderCards(overview) {
  const q = overview.queues;
  const lastRound = (overview.rounds ?? [])[0];
  replace($('overview-cards'),
    card('Lagging', String(overview.lagging.count), 'behind desired state', overview.lagging.count > 0 ? 'warn' : 'ok'),
    card('Parked', String(overview.parked.count), 'waiting for an operator', overview.parked.count > 0 ? 'bad' : 'ok'),
    card('Sync queue', String(q.sync_queued), q.oldest_sync_age_seconds == null ? 'nothing visible waiting' : ['oldest ', duration(q.oldest_sync_age_seconds), ' old'], q.oldest_sync_age_seconds > 300 ? 'warn' : null),
    card('Poison', String(q.sync_poison), 'nudges that failed 5 times', q.sync_poison > 0 ? 'bad' : 'ok'),
    card('Last reconcile round', lastRound ? lastRound.outcome : '–', lastRound ? time(lastRound.round_start) : 'none yet', lastRound?.outcome === 'failed' ? 'bad' : null));
}

function renderParked(parked) {
  lastParked = parked.instances;
  for (const id of [...selected]) {
    if (!lastParked.some(p => p.instance_id === id)) selected.delete(id);
  }

  $('parked-title').textContent = `Parked instances (${parked.count})`;
  replace($('parked-groups'), table([
    { label: 'Feishu code', cell: g => g.feishu_code ?? h('span', { class: 'muted' }, 'none'), class: 'num' },
    { label: 'Message', cell: g => h('span', { class: 'message' }, g.message) },
    { label: 'Count', cell: g => g.count, class: 'num' },
    { label: 'Since', cell: g => time(g.oldest) },
    { label: 'Instances', cell: g => h('span', { class: 'id-list' }, g.instance_ids.map(instanceLink), g.count > g.instance_ids.length ? ' …' : '') },
    { label: 'Action', cell: g => h('button', { type: 'button', class: 'small', onclick: () => replay({ instance_ids: groupIds(g) }) }, `Replay ${g.count}…`) },
  ], parked.groups, { caption: 'By Feishu code and message', empty: 'Nothing is parked.' }));

  const allBox = h('input', { type: 'checkbox', id: 'parked-select-all', 'aria-label': 'Select every parked instance listed' });
  allBox.checked = lastParked.length > 0 && lastParked.every(p => selected.has(p.instance_id));
  allBox.addEventListener('change', () => {
    for (const p of lastParked) allBox.checked ? selected.add(p.instance_id) : selected.delete(p.instance_id);
    renderParked(parked);
  });
  const list = table([
    { label: h('span', {}, allBox), cell: p => selectBox(p, parked), class: 'select' },
    { label: 'Instance', cell: p => instanceLink(p.instance_id) },
    { label: 'Feishu code', cell: p => p.feishu_code ?? '–', class: 'num' },
    { label: 'Reason', cell: p => h('span', { class: 'message' }, p.reason) },
    { label: 'Log id', cell: p => p.log_id ? h('code', {}, p.log_id) : '–' },
    { label: 'Since', cell: p => time(p.since) },
    { label: 'Action', cell: p => h('button', { type: 'button', class: 'small', onclick: () => replay({ instance_ids: [p.instance_id] }) }, 'Replay') },
  ], lastParked, { caption: 'Parked instances', empty: '' });
  replace($('parked-list'), lastParked.length ? list : null, truncatedNote(parked));
  $('replay-selected').disabled = selected.size === 0;
  $('replay-selected').textContent = selected.size ? `Replay selected (${selected.size})` : 'Replay selected';
  $('replay-all').disabled = parked.count === 0;
}

function groupIds(group) {
  const ids = lastParked.filter(p => p.feishu_code === group.feishu_code && (p.feishu_code == null ? p.reason : p.feishu_message ?? p.reason) === group.message).map(p => p.instance_id);
  return ids.length ? ids : group.instance_ids;
}

function selectBox(entry, parked) {
  const box = h('input', { type: 'checkbox', 'aria-label': `Select ${entry.instance_id}` });
  box.checked = selected.has(entry.instance_id);
  box.addEventListener('change', () => {
    box.checked ? selected.add(entry.instance_id) : selected.delete(entry.instance_id);
    renderParked(parked);
  });
  return box;
}

function renderRounds(rounds) {
  replace($('rounds-list'), table([
    { label: 'Started', cell: r => time(r.round_start) },
    { label: 'Outcome', cell: r => badge(r.outcome, r.outcome === 'completed' ? 'ok' : 'bad') },
    { label: 'Checked', cell: r => r.instances_checked, class: 'num' },
    { label: 'Instance missing', cell: r => r.instance_missing, class: 'num' },
    { label: 'Task missing', cell: r => r.task_missing, class: 'num' },
    { label: 'Task stale', cell: r => r.task_stale, class: 'num' },
    { label: 'Instance stale', cell: r => r.instance_stale, class: 'num' },
    { label: 'Re-syncs', cell: r => r.resyncs, class: 'num' },
    { label: 'Lagging re-nudged', cell: r => r.lagging_renudged, class: 'num' },
    { label: 'Check calls', cell: r => r.check_calls, class: 'num' },
    { label: 'Duration', cell: r => `${(r.duration_ms / 1000).toFixed(1)} s`, class: 'num' },
  ], rounds, { empty: 'No reconcile round has run yet (every five minutes by default).' }));
}

/** Replay with a dry-run count first. scope: {instance_ids: [...]} or {all: true}. */
export async function replay(scope) {
  try {
    const plan = await post('/ops/parked/replay', { ...scope, dry_run: true });
    if (plan.would_replay === 0) {
      report(`Nothing to replay${plan.skipped.length ? `: ${plan.skipped.map(x => `${x.instance_id} (${x.reason})`).join(', ')}` : '.'}`);
      return;
    }

    const confirmed = await confirmAction({
      title: `Replay ${plan.would_replay} parked instance${plan.would_replay === 1 ? '' : 's'}?`,
      message: [
        h('p', {}, 'Each park is lifted and the instance syncs again at its current desired version. Fix the cause first, or it parks again.'),
        h('ul', { class: 'id-list-block' }, plan.instance_ids.slice(0, 10).map(id => h('li', {}, id)), plan.would_replay > 10 ? h('li', {}, `… and ${plan.would_replay - 10} more`) : null),
        plan.skipped.length ? h('p', { class: 'muted' }, `Skipped: ${plan.skipped.length} (${[...new Set(plan.skipped.map(x => x.reason))].join(', ')}).`) : null,
      ],
      confirmLabel: `Replay ${plan.would_replay}`,
    });
    if (!confirmed) return;

    const result = await post('/ops/parked/replay', scope.all ? { all: true } : { instance_ids: plan.instance_ids });
    for (const id of result.replayed_instance_ids) selected.delete(id);
    report(`Replayed ${result.replayed}; ${result.skipped.length} skipped. Watching them clear…`);
    await watch(loadOverview);
  } catch (error) {
    showError(error);
  }
}

/** Reloads a few times after an action, so the operator sees its effect without pressing Refresh. */
export async function watch(load) {
  for (const delay of [700, 1500, 3000]) {
    await new Promise(resolve => setTimeout(resolve, delay));
    try { await load(); } catch (error) { showError(error); return; }
  }
  status('');
}

export function initOverview() {
  $('overview-refresh').addEventListener('click', () => loadOverview().catch(showError));
  $('replay-selected').addEventListener('click', () => replay({ instance_ids: [...selected] }));
  $('replay-all').addEventListener('click', () => replay({ all: true }));
}
