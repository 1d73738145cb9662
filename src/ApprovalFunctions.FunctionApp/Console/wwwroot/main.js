// Wiring: the admin key, the sections (hash routes #overview, #instance/<id>, #cleanup, #tasks) and loading.
import { adminKey } from './api.js';
import { initCleanup } from './cleanup.js';
import { initInstance, showInstance } from './instance.js';
import { clearError, showError, status } from './main-shared.js';
import { initOverview, loadOverview } from './overview.js';
import { initTasks } from './tasks.js';

const $ = id => document.getElementById(id);
const views = ['overview', 'instance', 'cleanup', 'tasks'];

function navigate(hash) {
  if (location.hash === `#${hash}`) route();
  else location.hash = hash;
}

function parseRoute() {
  const hash = location.hash.replace(/^#/, '');
  const [view, ...rest] = hash.split('/');
  return { view: views.includes(view) ? view : 'overview', arg: rest.length ? decodeURIComponent(rest.join('/')) : null };
}

async function route() {
  const { view, arg } = parseRoute();
  for (const name of views) $(`view-${name}`).hidden = name !== view;
  for (const link of document.querySelectorAll('.tabs a')) {
    if (link.dataset.tab === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  const hasKey = Boolean(adminKey.get());
  $('need-key').hidden = hasKey;
  $('forget-key').hidden = !hasKey;
  if (!hasKey) {
    $('admin-key').focus();
    return;
  }

  try {
    if (view === 'overview') await loadOverview();
    if (view === 'instance') await showInstance(arg);
  } catch (error) {
    showError(error);
  }
}

function initKey() {
  $('key-form').addEventListener('submit', event => {
    event.preventDefault();
    const value = $('admin-key').value;
    if (!value) return;
    adminKey.set(value);
    $('admin-key').value = '';
    $('key-status').textContent = 'Key set for this tab.';
    clearError();
    route();
  });
  $('forget-key').addEventListener('click', () => {
    adminKey.clear();
    $('key-status').textContent = 'Key forgotten.';
    route();
  });
  document.addEventListener('key-refused', () => {
    adminKey.clear();
    $('need-key').hidden = false;
    $('forget-key').hidden = true;
    $('key-status').textContent = 'Key refused.';
  });
  if (adminKey.get()) $('key-status').textContent = 'Key set for this tab.';
}

initKey();
initOverview();
initInstance(navigate);
initCleanup();
initTasks();
window.addEventListener('hashchange', () => { status(''); route(); });
route();
