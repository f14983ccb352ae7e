// Administration in the browser: a user disabled while signed in is refused on their next action
// (cookie and token alike, audited); the workflow diagram; the audit chain verified.
import test from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, newPage, signIn } from './browser.mjs'

let server
let browser
let admin
test.before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  admin = server.user((u) => u.role === 'admin')
})
test.after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

test('a user disabled by an administrator is refused on the next action of an open session', async () => {
  const victim = server.user((u) => u.role === 'manager' && /村/.test(u.name))
  const theirs = await newPage(browser)
  await signIn(theirs, server.base, victim)
  await theirs.goto(server.base + '/items')
  await theirs.waitForSelector('[data-test=item-card], [data-test=item-list]')

  const page = await newPage(browser)
  await signIn(page, server.base, admin)
  await page.goto(server.base + '/admin/users')
  await page.waitForSelector('[data-test=user-list] .el-table__row')
  const listed = (await server.api(admin, '/api/v1/users')).json.users
  const row = listed.find((u) => u.name === victim.name)
  assert.ok(row.last_sign_in_at, 'the list shows the last sign-in')
  assert.equal(row.disabled_at, null)
  // No administrator can lock themself out.
  const me = listed.find((u) => u.name === admin.name)
  assert.equal(await page.locator(`[data-test=user-disable-${me.id}]`).count(), 0)
  assert.equal((await server.api(admin, `/api/v1/users/${me.id}/disable`, { method: 'POST' })).status, 403)

  await page.click(`[data-test=user-disable-${row.id}]`)
  await page.locator('.el-popconfirm button', { hasText: '停用' }).click()
  await page.waitForSelector('[data-test=user-message]')
  assert.match(await page.textContent('[data-test=user-message]'), /已停用/)

  // Their open page: the next request is refused and they are sent to 登录.
  await theirs.locator('.app-menu .el-menu-item', { hasText: '预警' }).first().click()
  await theirs.waitForURL(/\/login/)
  const cookie = (await theirs.context().cookies()).find((c) => c.name === 'tz_session')
  if (cookie) {
    const r = await fetch(server.base + '/api/v1/me', { headers: { Cookie: 'tz_session=' + cookie.value } })
    assert.equal(r.status, 401)
  }
  assert.equal((await server.api(victim, '/api/v1/me')).status, 401, 'the token still works')
  // Signing in again is refused like a wrong password.
  await theirs.goto(server.base + '/login')
  await theirs.fill('[data-test=name]', victim.name)
  await theirs.fill('[data-test=password]', victim.password)
  await theirs.click('[data-test=login]')
  await theirs.waitForSelector('[data-test=login-error]')
  const audit = (await server.api(admin, '/api/v1/audit?limit=1000')).json.records
  const record = audit.find((r) => r.action === 'user.disable' && r.entity_id === String(row.id))
  assert.ok(record, 'the disabling is in the audit chain')
  assert.equal(record.after.sessions_revoked, 1)

  // Enabled again: the same password works, the old session stays revoked.
  assert.equal((await server.api(admin, `/api/v1/users/${row.id}/enable`, { method: 'POST' })).status, 200)
  await signIn(theirs, server.base, victim)
  assert.deepEqual(page.errors, [])
  await theirs.context().close()
  await page.context().close()
})

test('workflows are drawn as stages and actions with roles and guards; the audit chain verifies', async () => {
  const supervisor = server.user((u) => u.role === 'supervisor')
  const page = await newPage(browser)
  await signIn(page, server.base, supervisor)
  await page.goto(server.base + '/admin/workflows')
  await page.locator('[data-test=workflow-picker] label', { hasText: '农村危房改造' }).click()
  await page.waitForSelector('[data-test=stage-village_notice]')
  const def = (await server.api(supervisor, '/api/v1/workflows/housing_repair')).json
  assert.equal(await page.locator('[data-test=workflow-diagram] g[data-test^=stage-]').count(), def.stages.length)
  assert.ok(await page.locator('[data-test=workflow-diagram] path[marker-end]').count() >= def.transitions.length)
  const actions = await page.textContent('[data-test=workflow-actions]')
  assert.ok(actions.includes('村级公示期满且无未处理异议'))
  assert.ok(actions.includes('县级审批公示期满且无未处理异议'))
  assert.ok(actions.includes('财务'))

  await page.goto(server.base + '/admin/audit')
  await page.click('[data-test=audit-verify]')
  const verdict = await page.waitForSelector('[data-test=audit-verdict] .el-alert')
  assert.match(await verdict.textContent(), /审计链完整/)
  await page.waitForSelector('[data-test=audit-records] .el-table__row')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
