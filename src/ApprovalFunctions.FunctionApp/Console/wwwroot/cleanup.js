// The clean-up flow: scope → dry run (count and first instances) → confirm → progress.
import { get, id, post } from './api.js';
import { badge, confirmAction, h, instanceLink, replace, table, time } from './dom.js';
import { report, showError } from './main-shared.js';

const $ = elementId => document.getElementById(elementId);
let polling = null;

export function initCleanup() {
  const form = $('cleanup-form');
  form.addEventListener('change', () => {
    const scope = form.elements.scope.value;
    for (const block of form.querySelectorAll('[data-scope]')) block.hidden = block.dataset.scope !== scope;
  });
  form.addEventListener('submit', event => {
    event.preventDefault();
    dryRun().catch(showError);
  });
}

function scopeBody() {
  const form = $('cleanup-form');
  switch (form.elements.scope.value) {
    case 'approval': {
      const code = $('cleanup-approval').value.trim();
      if (!code) throw new Error('Enter the approval code.');
      return { approval_code: code };
    }
    case 'all':
      return { all: true };
    default: {
      const ids = $('cleanup-ids').value.split(/[\n,]/).map(x => x.trim()).filter(Boolean);
      if (ids.length === 0) throw new Error('Enter at least one instance id.');
      return { instance_ids: ids };
    }
  }
}

async function dryRun() {
  stopPolling();
  const plan = await post('/ops/cleanup', scopeBody());
  const result = $('cleanup-result');
  if (!plan.confirmation_token) {
    replace(result, h('div', { class: 'panel' }, h('h3', {}, 'Dry run: nothing to clean up'), h('p', {}, plan.note), notFound(plan)));
    return;
  }

  const confirmButton = h('button', { type: 'button', class: 'danger', onclick: () => confirm(plan) }, `Confirm clean-up of ${plan.count}…`);
  replace(result, h('div', { class: 'panel', id: 'cleanup-plan' },
    h('h3', {}, `Dry run: ${plan.count} instance${plan.count === 1 ? '' : 's'} would be wiped`),
    h('p', {}, h('strong', {}, 'Nothing was changed. '), `Scope: ${plan.scope}. `, `${plan.already_purged} already purged, ${plan.found_only_in_feishu} found only in Feishu. `,
      'The confirmation expires at ', time(plan.expires_at), '.'),
    table([
      { label: 'Instance', cell: t => (t.known ? instanceLink(t.instance_id) : t.instance_id) },
      { label: 'Approval code', cell: t => h('code', {}, t.approval_code) },
      { label: 'Known here', cell: t => (t.known ? 'yes' : 'only in Feishu') },
      { label: 'Already purged', cell: t => (t.already_purged ? 'yes' : 'no') },
    ], plan.instances, { caption: plan.instances_truncated ? `First ${plan.instances.length} of ${plan.count}` : 'Instances' }),
    notFound(plan),
    h('div', { class: 'actions' }, confirmButton)));
  report(`Dry run: ${plan.count} instances in scope. Nothing changed.`);
}

function notFound(plan) {
  return plan.not_found_count > 0 ? h('p', { class: 'muted' }, `Not found anywhere: ${plan.not_found.join(', ')}${plan.not_found_count > plan.not_found.length ? ' …' : ''}`) : null;
}

async function confirm(plan) {
  const ok = await confirmAction({
    title: `Wipe ${plan.count} instance${plan.count === 1 ? '' : 's'} in Feishu?`,
    message: [
      h('p', {}, 'Irreversible: each instance becomes APPROVED with no initiator, tasks or CCs in Feishu, and is marked purged here, so later changes for it answer 409.'),
      h('p', {}, `Scope: ${plan.scope}.`),
    ],
    confirmLabel: `Wipe ${plan.count}`,
    danger: true,
  });
  if (!ok) return;
  try {
    const progress = await post('/ops/cleanup', { confirm: plan.confirmation_token });
    showProgress(progress);
    pollProgress(progress.run_id);
  } catch (error) {
    showError(error);
  }
}

function showProgress(p) {
  const finished = p.done + p.failed;
  replace($('cleanup-result'), h('div', { class: 'panel', id: 'cleanup-progress' },
    h('h3', {}, 'Clean-up run ', h('code', {}, p.run_id), ' ', badge(p.state, p.state.startsWith('completed') ? (p.failed ? 'warn' : 'ok') : 'info')),
    h('label', { for: 'cleanup-progress-bar' }, `${finished} of ${p.planned} done (${p.failed} failed, ${p.waiting} waiting)`),
    h('progress', { id: 'cleanup-progress-bar', max: Math.max(1, p.planned), value: finished }),
    p.failures.length ? table([
      { label: 'Instance', cell: f => f.instance_id },
      { label: 'Reason', cell: f => f.reason },
      { label: 'Feishu code', cell: f => f.feishu_code ?? '–' },
      { label: 'Log id', cell: f => f.log_id ?? '–' },
    ], p.failures, { caption: 'Failures' }) : null));
}

function pollProgress(runId) {
  stopPolling();
  polling = setInterval(async () => {
    try {
      const progress = await get(`/ops/cleanup/${id(runId)}`);
      showProgress(progress);
      if (progress.state.startsWith('completed') || progress.state === 'expired') stopPolling();
    } catch (error) {
      stopPolling();
      showError(error);
    }
  }, 1500);
}

function stopPolling() {
  if (polling) clearInterval(polling);
  polling = null;
}
