// One disbursement = one Idempotency-Key, made when the form opens and reused on every retry of
// that payment: a double click, a reload of the page before the answer was seen, or a connection
// that dropped after the server had already paid all send the same key, and the server answers
// the original entry instead of paying again. The pending payment (key and body) is kept in
// sessionStorage until an answer is seen, so a reload offers to resend exactly it.
import { request } from './api.js'

const storageKey = (itemId) => 'tz_pending_payment_' + itemId

export function newIdempotencyKey() {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)  // available on plain http too, unlike crypto.randomUUID
  return 'pay-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

// {key, body} of a payment of this item that was sent but whose answer was never seen; null.
export function pendingPayment(itemId) {
  try {
    const text = sessionStorage.getItem(storageKey(itemId))
    return text ? JSON.parse(text) : null
  } catch { return null }
}

export function forgetPayment(itemId) {
  try { sessionStorage.removeItem(storageKey(itemId)) } catch { /* storage unavailable */ }
}

// Sends the payment; resolves to {entry, replayed}. Throws ApiError: a network failure (status 0)
// leaves the payment pending, to be sent again with the same key; any answer from the server
// (success or refusal) ends it.
export async function sendPayment(itemId, key, body) {
  try { sessionStorage.setItem(storageKey(itemId), JSON.stringify({ key, body })) } catch { /* */ }
  let response
  try {
    response = await request('/api/v1/items/' + itemId + '/disbursements', {
      method: 'POST', body, headers: { 'Idempotency-Key': key }, raw: true,
    })
  } catch (e) {
    if (e.status !== 0) forgetPayment(itemId)
    throw e
  }
  forgetPayment(itemId)
  return { entry: await response.json(), replayed: response.headers.get('Idempotent-Replayed') === 'true' }
}
