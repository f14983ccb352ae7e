// Starts a fresh taizhang for one test file: `init --demo` on a temporary database, then
// `serve` on a free loopback port with the built web app. The binary, the web build and the
// workflows come from TAIZHANG_BIN, TAIZHANG_WEB_DIR and TAIZHANG_WORKFLOWS (defaults: the
// source tree's build/ and workflows/).
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const bin = process.env.TAIZHANG_BIN || join(root, 'build/taizhang')
export const webDir = process.env.TAIZHANG_WEB_DIR || join(root, 'build/web')
export const workflows = process.env.TAIZHANG_WORKFLOWS || join(root, 'workflows')
// The demo clock: inside the plan's year, so the demo's deadlines are near.
export const demoNow = '2019-03-15T09:00:00+08:00'
const startTimeoutMs = 15000

// `init --demo` prints one line per user: role, name and (tab-separated, in any order after
// the name) a password and a bearer token (tz_…).
export function parseDemoUsers(text) {
  const users = []
  for (const line of text.split('\n')) {
    const cells = line.split('\t').map((c) => c.trim())
    if (cells.length < 3 || !/^(admin|manager|finance|supervisor)$/.test(cells[0])) continue
    const rest = cells.slice(2)
    const token = rest.find((c) => c.startsWith('tz_')) || ''
    const password = rest.find((c) => c && c !== token) || ''
    users.push({ role: cells[0], name: cells[1], password, token })
  }
  return users
}

export async function startServer(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-browser-'))
  const db = join(dir, 'test.db')
  const initOut = execFileSync(bin, ['init', '--db', db, '--demo', '--workflows', workflows, '--now', demoNow],
    { encoding: 'utf8' })
  const users = parseDemoUsers(initOut)
  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web-dir', webDir,
    '--workflows', workflows, '--now', demoNow, '--scan-interval', '1', ...extraArgs],
  { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('taizhang serve did not start:\n' + log)), startTimeoutMs)
    child.stdout.on('data', (chunk) => {
      log += chunk
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(log)
      if (m) { clearTimeout(timer); ok('http://' + m[1]) }
    })
    child.stderr.on('data', (chunk) => { log += chunk })
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error('taizhang serve exited ' + code + ':\n' + log)) })
  })
  child.removeAllListeners('exit')
  const user = (pred) => {
    const u = users.find(pred)
    if (!u) throw new Error('no such demo user in:\n' + initOut)
    return u
  }
  return {
    base,
    users,
    user,
    // The API with a bearer token, for setting up and checking what the browser did.
    async api(who, path, { method = 'GET', body, headers = {} } = {}) {
      const r = await fetch(base + path, {
        method,
        headers: { Authorization: 'Bearer ' + who.token, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      })
      const text = await r.text()
      let json = null
      try { json = text ? JSON.parse(text) : null } catch { /* not JSON */ }
      return { status: r.status, json, text, headers: r.headers }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await new Promise((ok) => child.once('exit', ok))
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
