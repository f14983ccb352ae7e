// The live alert stream. One EventSource per signed-in tab on /api/v1/alerts/stream (the
// cookie goes with it; the browser resumes with Last-Event-ID itself after a dropped
// connection). `myOpen` holds the open alerts routed to the signed-in user, for the menu's
// badge and the 工作台; pages that show other alerts subscribe to every event.
import { reactive } from 'vue'
import { get, post } from './api.js'
import { session } from './session.js'

export const alertState = reactive({ myOpen: new Map(), connected: false, more: false })

const listeners = new Set()
let source = null
let retryTimer = null
let retryMs = 1000
const retryMaxMs = 30000

export function onAlertEvent(fn) {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

function routedToMe(alert) {
  return session.user && (alert.recipients || []).includes(session.user.id)
}

function apply(event, alert) {
  if (event === 'raised' && alert.state === 'open' && routedToMe(alert)) {
    alertState.myOpen.set(alert.id, alert)
  } else if (event === 'acked' || event === 'resolved' || alert.state !== 'open') {
    alertState.myOpen.delete(alert.id)
  }
}

// The inbox as it is now; called at start and after a reconnect that could not resume.
export async function refreshMyAlerts() {
  const page = await get('/api/v1/alerts', { state: 'open', mine: 'true', limit: 200 })
  alertState.myOpen = new Map(page.alerts.map((a) => [a.id, a]))
  alertState.more = !!page.next_cursor
}

function connect() {
  source = new EventSource('/api/v1/alerts/stream', { withCredentials: true })
  source.onopen = () => {
    alertState.connected = true
    retryMs = 1000
  }
  source.onmessage = (message) => {
    let data
    try { data = JSON.parse(message.data) } catch { return }
    if (!data || !data.alert) return
    apply(data.event, data.alert)
    for (const fn of listeners) fn(data.event, data.alert)
  }
  source.onerror = () => {
    alertState.connected = false
    // CONNECTING: the browser is already retrying with Last-Event-ID. CLOSED: it gave up
    // (an error status such as 401 or 503), so we open a new stream after a pause and
    // re-read the inbox, since a fresh stream starts from now.
    if (source.readyState !== EventSource.CLOSED) return
    source = null
    clearTimeout(retryTimer)
    retryTimer = setTimeout(async () => {
      if (!session.user) return
      try { await refreshMyAlerts() } catch (e) { if (e.status === 401) return }
      if (session.user && !source) connect()
    }, retryMs)
    retryMs = Math.min(retryMs * 2, retryMaxMs)
  }
}

export async function startAlertStream() {
  if (source) return
  connect()
  try { await refreshMyAlerts() } catch { /* the badge stays empty until the next refresh */ }
}

export function stopAlertStream() {
  clearTimeout(retryTimer)
  if (source) source.close()
  source = null
  alertState.connected = false
  alertState.myOpen = new Map()
}

// 已阅: acknowledging is for everyone who can see the alert; the stream then reports it too.
export async function ackAlert(id) {
  const alert = await post('/api/v1/alerts/' + id + '/ack')
  alertState.myOpen.delete(id)
  return alert
}
