// A user's Feishu tasks, each judged against our desired state.
import { get, id } from './api.js';
import { badge, h, instanceLink, replace, table } from './dom.js';
import { report, showError } from './main-shared.js';

const $ = elementId => document.getElementById(elementId);

export function initTasks() {
  $('tasks-form').addEventListener('submit', event => {
    event.preventDefault();
    listTasks().catch(showError);
  });
}

async function listTasks() {
  const user = $('tasks-user').value.trim();
  const query = new URLSearchParams({ topic: $('tasks-topic').value, user_id_type: $('tasks-id-type').value });
  const named = $('tasks-instances').value.trim();
  if (named) query.set('instance_ids', named);
  replace($('tasks-result'), h('p', { class: 'muted' }, 'Asking Feishu…'));
  const report_ = await get(`/ops/users/${id(user)}/tasks?${query}`);
  replace($('tasks-result'),
    h('div', { class: 'panel' },
      h('h3', {}, `${report_.listed} tasks listed by Feishu, ${report_.problems} problems`),
      report_.truncated_topics.length ? h('p', { class: 'muted' }, `Truncated topics: ${report_.truncated_topics.join(', ')}`) : null,
      table([
        { label: 'Topic', cell: t => t.topic },
        { label: 'Instance', cell: t => (t.instance_id && t.known_instance ? instanceLink(t.instance_id) : t.instance_id ?? '–') },
        { label: 'Task', cell: t => t.task_id ?? '–' },
        { label: 'Feishu status', cell: t => t.feishu_status ?? '–' },
        { label: 'Desired status', cell: t => t.desired_status ?? '–' },
        { label: 'Verdict', cell: t => badge(t.verdict, t.verdict === 'ok' ? 'ok' : t.verdict === 'not_third_party' ? 'muted' : 'bad') },
        { label: 'Detail', cell: t => t.detail },
      ], report_.tasks, { caption: 'Feishu\'s list', empty: 'Feishu lists no task for this user and topic.' })),
    h('div', { class: 'panel' },
      h('h3', {}, `Missing in Feishu (${report_.missing_in_feishu.length})`),
      h('p', { class: 'muted' }, report_.missing_check),
      table([
        { label: 'Instance', cell: m => instanceLink(m.instance_id) },
        { label: 'Kind', cell: m => m.kind },
        { label: 'Entity', cell: m => m.entity_id ?? '–' },
        { label: 'Expected topic', cell: m => m.expected_topic },
        { label: 'Desired status', cell: m => m.desired_status },
      ], report_.missing_in_feishu, { empty: 'Nothing missing.' })));
  report(`Feishu listed ${report_.listed} tasks; ${report_.problems} problems.`);
}
