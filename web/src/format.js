// Display formats. Money arrives as integer fen and is shown in 元 with thousands separators
// and two decimals; it is formatted from the integer with BigInt so no float ever rounds it.

function toFenBigInt(fen) {
  if (typeof fen === 'bigint') return fen
  if (typeof fen === 'number') {
    if (!Number.isSafeInteger(fen)) throw new RangeError('fen must be a safe integer: ' + fen)
    return BigInt(fen)
  }
  if (typeof fen === 'string' && /^-?\d+$/.test(fen)) return BigInt(fen)
  throw new TypeError('fen must be an integer, not ' + String(fen))
}

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

// 3500000 → "35,000.00"; -5 → "-0.05"; null/undefined → "—".
export function formatYuan(fen) {
  if (fen === null || fen === undefined) return '—'
  const v = toFenBigInt(fen)
  const negative = v < 0n
  const abs = negative ? -v : v
  const yuan = abs / 100n
  const cents = abs % 100n
  return (negative ? '-' : '') + groupThousands(yuan.toString()) + '.' +
    cents.toString().padStart(2, '0')
}

// "35,000.00 元"
export function formatYuanWithUnit(fen) {
  return fen === null || fen === undefined ? '—' : formatYuan(fen) + ' 元'
}

// Reads what a user typed in 元 ("35000", "35,000.5", "0.05") into integer fen, by string
// arithmetic; returns null for anything that is not a plain amount with at most two decimals.
export function parseYuanToFen(text) {
  if (text === null || text === undefined) return null
  const s = String(text).trim().replace(/,/g, '').replace(/元$/, '').trim()
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  const fen = BigInt(m[1]) * 100n + BigInt((m[2] || '').padEnd(2, '0'))
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return null
  return Number(fen)
}

// Dates are shown as the API sends them, YYYY-MM-DD; a timestamp (RFC 3339 with offset) is
// shown as its own local date and minute, as written by the server in +08:00.
export function formatDate(value) {
  if (!value) return '—'
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(String(value))
  return m ? m[1] : String(value)
}

export function formatDateTime(value) {
  if (!value) return '—'
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(value))
  return m ? m[1] + ' ' + m[2] : String(value)
}

// Whole days from date a to date b (both YYYY-MM-DD), computed on UTC midnights so that no
// time zone or daylight saving shift changes the count.
export function daysBetween(a, b) {
  const day = (s) => {
    const [y, mo, d] = s.split('-').map(Number)
    return Date.UTC(y, mo - 1, d) / 86400000
  }
  return day(b) - day(a)
}

export function addDays(date, n) {
  const [y, mo, d] = date.split('-').map(Number)
  const t = new Date(Date.UTC(y, mo - 1, d + n))
  return t.toISOString().slice(0, 10)
}

// Today in Asia/Shanghai (UTC+8, no daylight saving) as YYYY-MM-DD.
export function shanghaiToday(now = new Date()) {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

// The morning report's 逾期/剩余 column: days past due (positive) or left (negative).
export function formatDaysOverdue(days) {
  if (days > 0) return '逾期' + days + '天'
  if (days === 0) return '今日到期'
  return '剩' + -days + '天'
}

// The one form of an amount in 元 the server accepts as amount_yuan: digits, then optionally a
// point and one or two digits ("35000", "35000.5", "0.05"); at least 0.01. Returns the trimmed
// text to send, or null for anything else: empty, "1.005", "-1", "1e3", "¥1,000", "1,000".
// The server reads the same string by its digits (never through a float) and refuses the same.
export function yuanText(text) {
  const s = String(text === null || text === undefined ? '' : text).trim()
  if (!/^\d+(?:\.\d{1,2})?$/.test(s)) return null
  return /[1-9]/.test(s) ? s : null
}
