// The instance page: desired state against what Feishu holds, Feishu's live verdict, actions and the timeline.
import { get, id, post } from './api.js';
import { badge, confirmAction, feishuTime, h, replace, table, time } from './dom.js';
import { replay, watch } from './overview.js';
import { clearError, report, showError } from './main-shared.js';

const $ = elementId => document.getElementById(elementId);
const KNOWN_DIAGNOSIS_FIELDS = new Set(['instance_id', 'desired', 'synced', 'lagging', 'purge', 'verdict', 'snapshot']);
const KNOWN_ENTITY_FIELDS = new Set(['id', 'status', 'update_time']);
const VERDICT_TONES = { in_sync: 'ok', purged: 'muted', unknown: 'warn' };
const ACTION_TONES = { accepted: 'ok', refused: 'warn', failed: 'bad' };
const EVENT_TONES = { queued: 'ok', ok: 'ok', in_sync: 'ok', replayed: 'info', requested: 'info', nothing: 'muted', duplicate: 'muted', stale: 'warn', failed: 'bad', parked: 'bad', refused: 'bad', purged: 'bad', wiped: 'bad' };

let current = null;

export function initInstance(navigate) {
  $('instance-form').addEventListener('submit', event => {
    event.preventDefault();
    const value = $('instance-id').value.trim();
    if (value) navigate(`instance/${encodeURIComponent(value)}`);
  });
}

export async function showInstance(instanceId) {
  $('instance-id').value = instanceId ?? '';
  current = instanceId;
  if (!instanceId) {
    replace($('instance-body'), h('p', { class: 'muted' }, 'Search an instance by the id the source system sends (instance_id).'));
    return;
  }

  replace($('instance-body'), h('p', { class: 'muted' }, 'Loading… (asking Feishu for its live verdict)'));
  await loadInstance(instanceId);
}

async function loadInstance(instanceId) {
  let diagnosis;
  let timeline;
  try {
    [diagnosis, timeline] = await Promise.all([get(`/ops/instances/${id(instanceId)}`), get(`/ops/instances/${id(instanceId)}/timeline`)]);
  } catch (error) {
    if (error.status === 404) {
      replace($('instance-body'), h('p', { class: 'notice' }, error.message));
      return;
    }
    throw error;
  }

  if (current !== instanceId) return;
  clearError();
  replace($('instance-body'),
    summary(diagnosis),
    verdict(diagnosis.verdict),
    actions(diagnosis),
    entities(diagnosis),
    extraFields(diagnosis),
    timelineView(timeline));
}

function summary(d) {
  const desired = d.desired;
  const synced = d.synced ?? {};
  const rows = [
    ['Approval code', h('code', {}, desired.approval_code)],
    ['Status', desired.status],
    ['Desired version', `${desired.desired_version}${desired.complete ? ' (complete snapshot)' : ' (partial snapshot: only UPDATE bodies so far)'}`],
    ['Synced version', synced.synced_desired_version ?? 0],
    ['Lagging', d.lagging ? badge('yes', 'warn') : badge('no', 'ok')],
    ['Last change received', time(desired.last_received_at)],
    ['Last sync', synced.last_sync_at ? [time(synced.last_sync_at), ` by ${String(synced.last_sync_mode ?? '?').toUpperCase()}`] : 'never'],
    ['Failed attempts', synced.attempts ?? 0],
  ];
  if (synced.last_error) {
    const e = synced.last_error;
    rows.push(['Last error', [`${e.kind}: code ${e.code ?? '–'}, msg "${e.message}"`, e.log_id ? [' · log id ', h('code', {}, e.log_id)] : null, ' · ', time(e.at)]]);
  }
  if (synced.parked) {
    const p = synced.parked;
    rows.push(['Parked', h('span', { class: 'bad-text' }, [p.reason, p.log_id ? [' · log id ', h('code', {}, p.log_id)] : null, ' · since ', time(p.at)])]);
  }
  if (synced.lost_in_feishu || synced.resend_all) {
    rows.push(['Repair pending', [synced.lost_in_feishu ? 'REPLACE (Feishu lost the instance) ' : '', synced.resend_all ? 'resend every task and CC' : '']]);
  }
  if (d.purge) rows.push(['Purged', ['by clean-up run ', h('code', {}, d.purge.run_id ?? '?'), ' at ', time(d.purge.purged_at)]]);
  return h('div', { class: 'panel' },
    h('h3', {}, 'Instance ', h('span', { class: 'instance-name' }, d.instance_id)),
    h('dl', { class: 'facts' }, rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])));
}

function verdict(v) {
  const tone = VERDICT_TONES[v.kind] ?? (v.kind.endsWith('_stale') || v.kind.endsWith('_unknown') ? 'bad' : 'info');
  const facts = [];
  if (v.expected_instance_time != null) facts.push(['We expect instance update_time', feishuTime(v.expected_instance_time)]);
  if (v.feishu_instance_time != null) facts.push(['Feishu holds', feishuTime(v.feishu_instance_time)]);
  if (v.task_id) facts.push([`Task ${v.task_id}`, ['expected ', feishuTime(v.expected_task_time), ', Feishu ', feishuTime(v.feishu_task_time)]]);
  if (v.feishu_code != null) facts.push(['Feishu code', v.feishu_code]);
  if (v.log_id) facts.push(['Log id', h('code', {}, v.log_id)]);
  for (const [key, value] of Object.entries(v)) {
    if (!['kind', 'summary', 'expected_instance_time', 'feishu_instance_time', 'task_id', 'expected_task_time', 'feishu_task_time', 'feishu_code', 'log_id'].includes(key)) {
      facts.push([key.replaceAll('_', ' '), plain(value)]);
    }
  }
  return h('div', { class: `panel verdict ${tone}`, id: 'live-verdict' },
    h('h3', {}, 'Feishu now: ', badge(v.kind, tone)),
    h('p', {}, v.summary),
    facts.length ? h('dl', { class: 'facts' }, facts.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])) : null);
}

function actions(d) {
  const buttons = [];
  if (d.synced?.parked) {
    buttons.push(h('button', { type: 'button', onclick: async () => { await replay({ instance_ids: [d.instance_id] }); await reloadSoon(d.instance_id); } }, 'Replay…'));
  }
  if (!d.purge) {
    buttons.push(h('button', { type: 'button', class: 'secondary', onclick: () => resync(d) }, 'Force resync…'));
  }
  buttons.push(h('button', { type: 'button', class: 'secondary', onclick: () => loadInstance(d.instance_id).catch(showError) }, 'Refresh'));
  return h('div', { class: 'actions' }, buttons);
}

async function resync(d) {
  const confirmed = await confirmAction({
    title: 'Force a resync (REPLACE)?',
    message: [
      h('p', {}, `The next sync sends the complete snapshot of ${d.instance_id} to Feishu as REPLACE, replacing what Feishu holds.`),
      d.desired.complete ? null : h('p', { class: 'bad-text' }, 'This instance has a partial snapshot: the app will refuse (409). Have the source system send a REPLACE.'),
    ],
    confirmLabel: 'Resync',
  });
  if (!confirmed) return;
  try {
    const result = await post(`/ops/instances/${id(d.instance_id)}/resync`);
    report(`Resync queued: ${result.note}`);
    await reloadSoon(d.instance_id);
  } catch (error) {
    showError(error);
  }
}

function reloadSoon(instanceId) {
  return watch(() => (current === instanceId ? loadInstance(instanceId) : Promise.resolve()));
}

function entities(d) {
  const synced = d.synced ?? {};
  const rows = [{
    kind: 'instance', id: d.instance_id, status: d.desired.status, desired: d.desired.update_time,
    feishu: synced.feishu_instance_time, confirmed: synced.synced_instance_time != null && synced.synced_instance_time >= d.desired.update_time, extra: {},
  }];
  const add = (kind, list, marks) => {
    for (const entity of list ?? []) {
      const mark = marks?.[entity.id];
      rows.push({ kind, id: entity.id, status: entity.status, desired: entity.update_time, feishu: mark, confirmed: mark != null && mark >= entity.update_time, extra: extraOf(entity) });
    }
  };
  add('task', d.desired.tasks, synced.tasks);
  add('cc', d.desired.ccs, synced.ccs);
  const columns = [
    { label: 'Kind', cell: r => r.kind },
    { label: 'Id', cell: r => h('code', {}, r.id) },
    { label: 'Status', cell: r => r.status },
    { label: 'Desired update_time', cell: r => feishuTime(r.desired) },
    { label: 'Feishu accepted', cell: r => (r.feishu == null ? h('span', { class: 'muted' }, 'not yet') : feishuTime(r.feishu)) },
    { label: 'State', cell: r => (r.confirmed ? badge('confirmed', 'ok') : badge('pending', 'warn')) },
  ];
  if (rows.some(r => Object.keys(r.extra).length > 0)) columns.push({ label: 'More', cell: r => plain(r.extra) });
  return h('div', { class: 'panel' },
    h('h3', {}, 'Desired state vs what Feishu accepted'),
    h('p', { class: 'muted' }, 'Per entity: the update_time we want Feishu to hold, and the one Feishu accepted (our watermark). Hover a time for UTC and milliseconds.'),
    table(columns, rows, { caption: 'Entities' }));
}

function extraOf(entity) {
  return Object.fromEntries(Object.entries(entity).filter(([key]) => !KNOWN_ENTITY_FIELDS.has(key)));
}

/** Fields a newer app version adds to the diagnosis, shown as they come. */
function extraFields(d) {
  const extra = Object.entries(d).filter(([key]) => !KNOWN_DIAGNOSIS_FIELDS.has(key));
  const syncedExtra = Object.entries(d.synced ?? {}).filter(([key]) => !['synced_desired_version', 'feishu_instance_time', 'synced_instance_time', 'tasks', 'ccs', 'last_sync_at', 'last_sync_mode', 'attempts', 'last_error', 'parked', 'lost_in_feishu', 'resend_all', 'lease_until'].includes(key));
  const all = [...extra, ...syncedExtra];
  if (all.length === 0) return null;
  return h('details', { class: 'panel' }, h('summary', {}, `More fields (${all.length})`),
    h('dl', { class: 'facts' }, all.map(([key, value]) => [h('dt', {}, key.replaceAll('_', ' ')), h('dd', {}, plain(value))])));
}

function plain(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'object') return String(value);
  const entries = Object.entries(value);
  if (entries.length === 0) return '';
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 1));
}

function timelineView(timeline) {
  const events = timeline.events ?? [];
  return h('div', { class: 'panel' },
    h('h3', {}, `Timeline (${events.length})`),
    h('p', { class: 'muted' }, `Newest first. Kept: the last ${timeline.max_events_per_row} events per kind of record, for ${retentionText(timeline.retention)}.`),
    events.length === 0
      ? h('p', { class: 'muted' }, 'No event recorded yet.')
      : h('ol', { class: 'timeline', id: 'timeline' }, events.map(eventItem)));
}

function eventItem(e) {
  const quick = e.kind === 'action' ? e.quick_action : null;
  const tone = (quick ? ACTION_TONES[e.outcome] : EVENT_TONES[e.outcome]) ?? (e.kind === 'check' ? 'warn' : 'info');
  const meta = quick ? quickActionMeta(e, quick) : [
    e.desired_version != null ? `version ${e.desired_version}` : null,
    e.mode,
    e.feishu_code != null ? `Feishu code ${e.feishu_code}` : null,
    e.duration_ms != null ? `${e.duration_ms} ms` : null,
  ].filter(Boolean);
  return h('li', { class: `event ${tone}`, 'data-kind': e.kind },
    h('div', { class: 'event-head' },
      time(e.at),
      h('span', { class: 'event-kind' }, quick ? quickActionLabel(quick) : kindLabel(e.kind)),
      e.outcome ? badge(e.outcome, tone) : null),
    e.detail ? h('p', { class: 'event-detail' }, e.detail) : null,
    meta.length || e.log_id ? h('p', { class: 'event-meta' }, meta.join(' · '), e.log_id ? [meta.length ? ' · ' : '', 'log id ', h('code', {}, e.log_id)] : null) : null,
    quick ? h('p', { class: 'event-meta' }, 'webhook id ', h('code', {}, quick.webhook_id)) : null);
}

/** "Quick approval: APPROVE → source 200", or the failure when the source gave no status. */
function quickActionLabel(quick) {
  return `Quick approval: ${quick.action_type} → source ${quick.source_status ?? quick.failure_kind ?? 'no answer'}`;
}

function quickActionMeta(e, quick) {
  const relayMs = Math.max(0, Date.parse(quick.relayed_at) - Date.parse(e.at));
  return [
    quick.task_id ? `task ${quick.task_id}` : null,
    Number.isFinite(relayMs) ? `relayed after ${relayMs} ms` : null,
    e.duration_ms != null ? `source answered in ${e.duration_ms} ms` : null,
    `Feishu got ${quick.feishu_status}`,
  ].filter(Boolean);
}

function kindLabel(kind) {
  return { change: 'Change received', sync: 'Sync', park: 'Parked', check: 'Check', replay: 'Replay', resync: 'Forced resync', cleanup: 'Clean-up', action: 'Quick approval' }[kind] ?? kind;
}

function retentionText(value) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):/.exec(value ?? '');
  if (!match) return value ?? '?';
  const days = Number(match[1] ?? 0);
  const hours = Number(match[2]);
  return days > 0 ? `${days} day${days === 1 ? '' : 's'}` : `${hours} hours`;
}
