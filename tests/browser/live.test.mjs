// What arrives without a reload: an overdue alert on the 工作台, acknowledged there; and the
// supervisor's board with its charts drawn.
import test from 'node:test'
import assert from 'node:assert/strict'
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

test('an alert arrives live on the 工作台 and is acknowledged there', async () => {
  const manager = server.user((u) => u.role === 'manager' && !/村/.test(u.name))
  const page = await newPage(browser)
  await signIn(page, server.base, manager)
  await page.goto(server.base + '/')
  await page.waitForFunction(() => document.querySelector('.live') && document.querySelector('.live').textContent === '实时')
  const marker = await page.evaluate(() => (window.__marker = Math.random()))

  // Overdue on the demo clock (2019-03-15): the scan after this write raises an alert for it.
  const title = '上洞村问题整改（逾期测试）'
  const created = await server.api(manager, '/api/v1/items', {
    method: 'POST',
    body: { workflow: 'rectification', title, org: '上洞村', plan_year: 2019, due_on: '2019-03-01', responsible: manager.name },
  })
  assert.equal(created.status, 201, created.text)
  const card = page.locator('[data-test=dash-alerts] .alert-card', { hasText: title })
  await card.first().waitFor({ timeout: 15000 })
  assert.equal(await page.evaluate(() => window.__marker), marker, 'the page was reloaded')
  assert.ok(Number(await page.textContent('[data-test=alert-badge]')) >= 1)

  const alertId = Number((await card.first().getAttribute('data-test')).replace('alert-', ''))
  await card.first().locator('[data-test=ack]').click()
  await card.first().waitFor({ state: 'detached', timeout: 10000 })
  const acked = await server.api(manager, '/api/v1/alerts?state=acked&limit=200')
  assert.ok(acked.json.alerts.some((a) => a.id === alertId && a.item_id === created.json.id))
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the supervisor\'s board draws its charts', async () => {
  const supervisor = server.user((u) => u.role === 'supervisor')
  const page = await newPage(browser)
  await signIn(page, server.base, supervisor)
  await page.goto(server.base + '/board')
  for (const chart of ['chart-progress', 'chart-overdue']) {
    const canvas = page.locator(`[data-test=${chart}] canvas`)
    await canvas.waitFor({ timeout: 15000 })
    const box = await canvas.boundingBox()
    assert.ok(box && box.width > 0 && box.height > 0, chart + ' has no size')
  }
  assert.match(await page.textContent('main'), /吉照村/)
  assert.match(await page.textContent('main'), /2\.58%/)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
