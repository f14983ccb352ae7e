// The one fetch client of the app. It sends the session cookie (same origin), adds the CSRF
// token to every request that changes something, turns problem+json answers into ApiError,
// and reports a 401 once so the app can send the user back to 登录.

let csrfToken = ''
let onUnauthorized = () => {}

// The token the server handed out with the session; kept in memory only, so a page reload
// re-fetches it with GET /api/v1/session rather than leaving it in storage.
export function setCsrfToken(token) { csrfToken = token || '' }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn }

// Development only: a bearer token typed into localStorage lets the app talk to a backend
// that has no session endpoints yet. Production builds never read it.
function devBearer() {
  if (!import.meta.env || !import.meta.env.DEV) return ''
  try { return localStorage.getItem('tz_dev_token') || '' } catch { return '' }
}

export class ApiError extends Error {
  constructor(status, problem, headers) {
    super(problem.detail || problem.title || ('HTTP ' + status))
    this.status = status
    this.code = problem.code || ''
    this.title = problem.title || ''
    this.detail = problem.detail || ''
    this.field = problem.field || ''
    this.fields = problem.fields || []
    this.blockedBy = problem.blocked_by || []
    const retry = headers && headers.get('Retry-After')
    this.retryAfterSeconds = retry && /^\d+$/.test(retry) ? Number(retry) : null
  }
}

function buildHeaders(method, options) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  const bearer = devBearer()
  if (bearer) headers.Authorization = 'Bearer ' + bearer
  return headers
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || ''
  if (type.includes('json')) {
    try { return await response.json() } catch { /* an empty or broken body */ }
  }
  return { title: response.statusText, detail: '服务器返回了错误（HTTP ' + response.status + '）' }
}

// request(path, {method, body, headers, query, raw, quiet401}) → parsed JSON (or the Response
// itself with raw: true). Throws ApiError for any non-2xx answer, and for network failures an
// ApiError with status 0.
export async function request(path, options = {}) {
  const method = options.method || (options.body !== undefined ? 'POST' : 'GET')
  let url = path
  if (options.query) {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(options.query)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
    }
    const s = q.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  let response
  try {
    response = await fetch(url, {
      method,
      headers: buildHeaders(method, options),
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, { code: 'network', detail: '无法连接服务器，请检查网络后重试' })
  }
  if (!response.ok) {
    const error = new ApiError(response.status, await problemOf(response), response.headers)
    if (response.status === 401 && !options.quiet401) onUnauthorized(error)
    throw error
  }
  if (options.raw) return response
  if (response.status === 204) return null
  const text = await response.text()
  return text ? JSON.parse(text) : null
}

export const get = (path, query, options = {}) => request(path, { ...options, query })
export const post = (path, body, options = {}) =>
  request(path, { ...options, method: 'POST', body: body === undefined ? {} : body })

// Sends a form (a FormData with a file) by POST, reporting upload progress as a fraction
// 0…1 through onProgress — fetch cannot report it, XMLHttpRequest can. Resolves to the JSON
// answer; rejects with ApiError like request() does.
export function upload(path, form, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    const bearer = devBearer()
    if (bearer) xhr.setRequestHeader('Authorization', 'Bearer ' + bearer)
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total) }
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', detail: '上传中断，请检查网络后重试' }))
    xhr.onload = () => {
      let body = {}
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : {} } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body)
      const headers = { get: (name) => xhr.getResponseHeader(name) }
      const error = new ApiError(xhr.status, body.title || body.detail ? body
        : { detail: '服务器返回了错误（HTTP ' + xhr.status + '）' }, headers)
      if (xhr.status === 401) onUnauthorized(error)
      reject(error)
    }
    xhr.send(form)
  })
}
