// Signing in and out, and what the session cookie may and may not be used for.
import test from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { startServer } from './server.mjs'
import { launchBrowser, newPage, signIn } from './browser.mjs'

let server
let browser
test.before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
test.after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

test('each role signs in and sees its own menu', async () => {
  for (const role of ['admin', 'manager', 'finance', 'supervisor']) {
    const user = server.user((u) => u.role === role)
    const page = await newPage(browser)
    await signIn(page, server.base, user)
    assert.match(await page.textContent('[data-test=who]'), new RegExp(user.name))
    const menu = await page.textContent('.app-menu')
    assert.equal(menu.includes('督查看板'), role === 'supervisor' || role === 'admin', role)
    assert.equal(menu.includes('新建事项'), role === 'manager' || role === 'admin', role)
    // A reload keeps the session: the cookie is read back through GET /api/v1/session.
    await page.reload()
    await page.waitForSelector('[data-test=who]')
    assert.deepEqual(page.errors, [])
    await page.context().close()
  }
})

test('a wrong password is refused with the server\'s message and no session', async () => {
  const user = server.user((u) => u.role === 'manager')
  const page = await newPage(browser)
  await page.goto(server.base + '/login')
  await page.fill('[data-test=name]', user.name)
  await page.fill('[data-test=password]', user.password + 'x')
  await page.click('[data-test=login]')
  const error = await page.waitForSelector('[data-test=login-error]')
  assert.match(await error.textContent(), /[\u4e00-\u9fff]/)
  assert.equal((await page.context().cookies()).filter((c) => c.name === 'tz_session').length, 0)
  await page.goto(server.base + '/items')
  await page.waitForURL(/\/login/)
  await page.context().close()
})

test('after logout the old cookie is refused', async () => {
  const user = server.user((u) => u.role === 'supervisor')
  const page = await newPage(browser)
  await signIn(page, server.base, user)
  const cookie = (await page.context().cookies()).find((c) => c.name === 'tz_session')
  assert.ok(cookie, 'a tz_session cookie is set')
  assert.ok(cookie.httpOnly, 'the session cookie is HttpOnly')
  assert.equal(cookie.sameSite, 'Strict')
  const before = await fetch(server.base + '/api/v1/me', { headers: { Cookie: 'tz_session=' + cookie.value } })
  assert.equal(before.status, 200)
  await page.click('[data-test=logout]')
  await page.waitForURL(/\/login/)
  const after = await fetch(server.base + '/api/v1/me', { headers: { Cookie: 'tz_session=' + cookie.value } })
  assert.equal(after.status, 401)
  await page.context().close()
})

test('a form posted from another site with the cookie creates nothing', async () => {
  const manager = server.user((u) => u.role === 'manager' && !/村/.test(u.name))
  const page = await newPage(browser)
  await signIn(page, server.base, manager)
  const title = 'CSRF-' + Date.now()
  // text/plain forms are the one way a page elsewhere can send a JSON-looking body.
  const payload = JSON.stringify({ workflow: 'plan_task', title, org: '泗顶镇', plan_year: 2019, pad: '' })
  const name = payload.slice(0, -2)
  const attacker = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.end(`<!doctype html><form id="f" method="POST" action="${server.base}/api/v1/items" enctype="text/plain">
      <input type="hidden" name='${name.replace(/'/g, '&#39;')}' value='"}'></form>
      <script>document.getElementById('f').submit()</script>`)
  })
  await new Promise((ok) => attacker.listen(0, '127.0.0.1', ok))
  try {
    await page.goto(`http://127.0.0.1:${attacker.address().port}/`)
    await page.waitForURL((u) => u.toString().startsWith(server.base), { timeout: 10000 })
    await page.waitForLoadState('load')
  } finally {
    attacker.close()
  }
  const list = await server.api(manager, '/api/v1/items?limit=200')
  assert.equal(list.status, 200)
  assert.equal(list.json.items.filter((i) => i.title === title).length, 0, 'the cross-site post created an item')
  await page.context().close()
})
