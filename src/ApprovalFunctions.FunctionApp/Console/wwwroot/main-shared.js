// Messages to the operator: errors in an alert region, results of actions in a polite status region.
const $ = id => document.getElementById(id);

export function showError(error) {
  const box = $('error');
  box.textContent = error?.field ? `${error.message} (field: ${error.field})` : String(error?.message ?? error);
  box.hidden = false;
  if (error?.status === 401) document.dispatchEvent(new CustomEvent('key-refused'));
}

export function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

export function status(text) {
  $('status').textContent = text;
}

export function report(text) {
  clearError();
  status(text);
}
