// A manager's day with work items: creating a housing repair, moving it on, what blocks it,
// what another village may not see, hostile titles, and the phone width.
import test from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, newPage, signIn, choose, fillField, scrollWidth } from './browser.mjs'

const phoneWidth = 375
let server
let browser
let manager
test.before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  manager = server.user((u) => u.role === 'manager' && !/村/.test(u.name))
})
test.after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

async function createHousingRepair(page, title) {
  await page.goto(server.base + '/items/new')
  await choose(page, '[data-test=new-workflow]', '农村危房改造')
  await page.fill('[data-test=new-title]', title)
  await choose(page, '[data-test=new-org]', '吉照村')
  await page.fill('[data-test=new-budget]', '35000')
  // Fields the kind declares for creation, when it declares them.
  for (const [key, value] of [['applicant', '韦某某'], ['household_id', 'JZ-2019-088']]) {
    if (await page.locator(`[data-test=field-${key}]`).count()) await fillField(page, key, value)
  }
  await page.fill('[data-test=deadline]', '7月底前')
  await page.waitForSelector('[data-test=deadline-due]')
  assert.equal(await page.textContent('[data-test=deadline-due]'), '2019-07-31')
  await page.click('[data-test=new-submit]')
  await page.waitForURL(/\/items\/\d+$/)
  await page.waitForSelector('[data-test=item-title]')
  return Number(new URL(page.url()).pathname.split('/').pop())
}

async function act(page, action, { fields = {}, comment = '' } = {}) {
  await page.click(`[data-test=action-${action}] button`)
  await page.waitForSelector('[data-test=transition-dialog]', { state: 'visible' })
  for (const [key, value] of Object.entries(fields)) await fillField(page, key, value)
  if (comment) await page.fill('[data-test=transition-comment]', comment)
  await page.click('[data-test=transition-submit]')
  await page.waitForSelector('[data-test=transition-dialog]', { state: 'hidden' })
}

test('a manager creates a housing repair and moves it through three stages', async () => {
  const page = await newPage(browser)
  await signIn(page, server.base, manager)
  const id = await createHousingRepair(page, '吉照村危房改造（浏览器测试）')
  assert.equal(await page.textContent('[data-test=item-stage]'), '农户申请')

  await act(page, 'submit_verification', { fields: { applicant: '韦某某', household_id: 'JZ-2019-088' }, comment: '申请材料齐全' })
  await page.waitForFunction(() => document.querySelector('[data-test=item-stage]').textContent === '入户核实与危房鉴定')
  await act(page, 'submit_review', { fields: { danger_grade: 'D' }, comment: '鉴定为D级危房' })
  await page.waitForFunction(() => document.querySelector('[data-test=item-stage]').textContent === '民主评议')
  await act(page, 'pass_review', { comment: '村民代表评议通过' })
  await page.waitForFunction(() => document.querySelector('[data-test=item-stage]').textContent === '村级公示')

  const history = await page.textContent('[data-test=history]')
  for (const c of ['申请材料齐全', '鉴定为D级危房', '村民代表评议通过', '韦某某']) assert.ok(history.includes(c), c)
  const item = await server.api(manager, '/api/v1/items/' + id)
  assert.equal(item.json.stage, 'village_notice')
  assert.equal(item.json.version, 4)
  assert.equal(item.json.fields.danger_grade, 'D')
  assert.equal(item.json.budget_fen, 3500000)

  // 村级公示 → 乡镇审核 needs a 村级公示 that has run its period: the button says why it is off.
  const blocked = page.locator('[data-test=action-submit_township]')
  assert.ok(await blocked.locator('button').isDisabled())
  assert.match(await blocked.locator('[data-test=blocked-reasons]').textContent(), /村级公示未期满/)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a transition on a stale version says so and reloads the item', async () => {
  const page = await newPage(browser)
  await signIn(page, server.base, manager)
  const id = await createHousingRepair(page, '吉照村危房改造（并发测试）')
  await page.click('[data-test=action-submit_verification] button')
  await page.waitForSelector('[data-test=transition-dialog]', { state: 'visible' })
  // Someone else moves the item meanwhile.
  const moved = await server.api(manager, `/api/v1/items/${id}/transitions`, {
    method: 'POST', body: { action: 'submit_verification', fields: { applicant: '甲', household_id: 'X-1' } },
  })
  assert.equal(moved.status, 200)
  await fillField(page, 'applicant', '乙')
  await fillField(page, 'household_id', 'X-2')
  await page.click('[data-test=transition-submit]')
  await page.waitForSelector('[data-test=stale]')
  await page.waitForFunction(() => document.querySelector('[data-test=item-stage]').textContent === '入户核实与危房鉴定')
  assert.equal((await server.api(manager, '/api/v1/items/' + id)).json.fields.applicant, '甲')
  await page.context().close()
})

test('a title with HTML in it is shown as text and never run', async () => {
  const page = await newPage(browser)
  await signIn(page, server.base, manager)
  const title = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>危改'
  const id = await createHousingRepair(page, title)
  assert.equal(await page.textContent('[data-test=item-title]'), title)
  assert.equal(await page.locator('[data-test=item-title] img, [data-test=item-title] script').count(), 0)
  await page.goto(server.base + '/items?q=' + encodeURIComponent('危改'))
  await page.waitForSelector(`[data-test=item-list] a[href="/items/${id}"]`)
  assert.equal(await page.locator(`[data-test=item-list] a[href="/items/${id}"]`).first().textContent(), title)
  await page.goto(server.base + '/')
  await page.waitForSelector('[data-test=dash-group]')
  assert.equal(await page.evaluate(() => window.__xss), undefined)
  await page.context().close()
})

test('a village manager sees only the village\'s items, and an explanation at another\'s URL', async () => {
  const scoped = server.user((u) => u.role === 'manager' && /村/.test(u.name))
  const me = (await server.api(scoped, '/api/v1/me')).json
  const mine = new Set(me.orgs.map((o) => o.name))
  const all = (await server.api(manager, '/api/v1/items?limit=200')).json.items
  const foreign = all.find((i) => !mine.has(i.org.name) && i.org.name.endsWith('村'))
  assert.ok(foreign, 'the demo has an item of another village')

  const page = await newPage(browser)
  await signIn(page, server.base, scoped)
  for (const path of ['/items', '/items?sort=due_on', '/']) {
    // The alert stream keeps the network busy: wait for the list's own answer instead.
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/items'))
    await page.goto(server.base + path)
    await listed
    await page.waitForTimeout(300)
    const text = await page.textContent('main')
    assert.ok(!text.includes(foreign.title), `${path} shows ${foreign.title}`)
  }
  await page.goto(server.base + '/items/' + foreign.id)
  await page.waitForSelector('[data-test=item-unavailable]')
  assert.match(await page.textContent('main'), /该事项不存在或不在您的管辖范围内/)
  assert.ok(!(await page.textContent('main')).includes(foreign.title))
  await page.context().close()
})

test('list, item page and transition dialog fit a 375 px phone', async () => {
  const page = await newPage(browser, { width: phoneWidth, height: 800 })
  await signIn(page, server.base, manager)
  await page.goto(server.base + '/items')
  await page.waitForSelector('[data-test=item-card]')
  assert.ok(await scrollWidth(page) <= phoneWidth, 'list scrolls sideways: ' + await scrollWidth(page))
  const first = await page.locator('[data-test=item-card]').first().getAttribute('href')
  const housing = (await server.api(manager, '/api/v1/items?workflow=housing_repair&limit=1')).json.items[0]
  await page.goto(server.base + '/items/' + (housing ? housing.id : first.split('/').pop()))
  await page.waitForSelector('[data-test=stage-steps]')
  assert.ok(await scrollWidth(page) <= phoneWidth, 'item page scrolls sideways: ' + await scrollWidth(page))
  await page.locator('[data-test^=action-] button:not([disabled])').first().click()
  await page.waitForSelector('[data-test=transition-dialog]', { state: 'visible' })
  assert.ok(await scrollWidth(page) <= phoneWidth, 'dialog scrolls sideways: ' + await scrollWidth(page))
  // The menu is a drawer on a phone.
  assert.equal(await page.locator('.el-aside').count(), 0)
  await page.context().close()
})
