// Who is signed in. The session cookie is HttpOnly, so the app learns about it only through
// GET /api/v1/session; the CSRF token from that answer goes to the fetch client.
import { reactive } from 'vue'
import { request, setCsrfToken } from './api.js'

export const session = reactive({ user: null, checked: false })

function accept(body) {
  session.user = body.user
  setCsrfToken(body.csrf_token)
  return body.user
}

export function clearSession() {
  session.user = null
  setCsrfToken('')
}

// Restores a signed-in state after a reload; resolves to the user or null.
export async function restoreSession() {
  try {
    return accept(await request('/api/v1/session', { quiet401: true }))
  } catch (e) {
    // Development against a backend without sessions: a bearer token stands in for the cookie.
    if (e.status === 404 || e.status === 405) {
      try {
        const me = await request('/api/v1/me', { quiet401: true })
        session.user = me
        return me
      } catch { /* not signed in */ }
    }
    clearSession()
    return null
  } finally {
    session.checked = true
  }
}

export async function signIn(name, password) {
  return accept(await request('/api/v1/session', {
    method: 'POST', body: { name, password }, quiet401: true,
  }))
}

export async function signOut() {
  try {
    await request('/api/v1/session', { method: 'DELETE', quiet401: true })
  } finally {
    clearSession()
  }
}

export function hasRole(...roles) {
  return !!session.user && roles.includes(session.user.role)
}
