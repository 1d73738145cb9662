// Calls of the operator endpoints with the admin key. The key lives in sessionStorage (this tab only, gone when it
// closes) and travels only in the x-functions-key header: never in a URL, so it stays out of logs and history.

const KEY_NAME = 'approvalfunctions.adminKey';

/** "/api" (the host's route prefix), from where this page is served: /api/console. */
export const apiBase = location.pathname.replace(/\/console(\/.*)?$/, '');

export const adminKey = {
  get: () => sessionStorage.getItem(KEY_NAME),
  set: value => sessionStorage.setItem(KEY_NAME, value),
  clear: () => sessionStorage.removeItem(KEY_NAME),
};

export class ApiError extends Error {
  constructor(status, message, field, body) {
    super(message);
    this.status = status;
    this.field = field;
    this.body = body;
  }
}

export async function api(method, path, body) {
  const key = adminKey.get();
  if (!key) throw new ApiError(401, 'Enter the admin key first.');
  const headers = { Accept: 'application/json', 'x-functions-key': key };
  if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
  let response;
  try {
    response = await fetch(apiBase + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    throw new ApiError(0, `The app could not be reached (${error.message}).`);
  }

  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }

  if (!response.ok) {
    const message = response.status === 401
      ? 'The admin key was refused (401). Enter the host\'s admin (master) key.'
      : data?.detail ?? (text || `${response.status} ${response.statusText}`);
    // Errors are RFC 9457 problem details: detail says what is wrong, problems[0].path the field it concerns.
    throw new ApiError(response.status, message, data?.problems?.[0]?.path, data);
  }

  return data;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const id = value => encodeURIComponent(value);
