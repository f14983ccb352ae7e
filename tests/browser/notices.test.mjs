// 公告公示 in the browser: a notice posted from an item with its contents prefilled, read on the
// public board without signing in, its printed page's QR code decoded back to its address and its
// audit record checked by the verifier with no token; an objection changing its status and
// blocking the action the notice guards.
import test from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './server.mjs'
import { launchBrowser, newPage, signIn } from './browser.mjs'

const verifier = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/verify_audit_chain.py')
let server
let browser
let manager
let noticeId
let itemId
test.before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  manager = server.user((u) => u.role === 'manager' && !/村/.test(u.name))
})
test.after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

// A housing repair moved by the API to 村级公示, where 事前公示 guards the way on.
async function housingAtVillageNotice(title) {
  const created = await server.api(manager, '/api/v1/items', {
    method: 'POST',
    body: { workflow: 'housing_repair', title, org: '吉照村', plan_year: 2019, budget_fen: 3500000, due_on: '2019-07-31',
      fields: { applicant: '韦某某', household_id: 'JZ-2019-120' } },
  })
  assert.equal(created.status, 201, created.text)
  for (const [action, fields] of [['submit_verification', {}], ['submit_review', { danger_grade: 'D' }], ['pass_review', {}]]) {
    const moved = await server.api(manager, `/api/v1/items/${created.json.id}/transitions`, {
      method: 'POST', body: { action, fields, comment: '浏览器测试' },
    })
    assert.equal(moved.status, 200, moved.text)
  }
  return created.json.id
}

const actionButton = (page) => page.locator('[data-test=action-submit_township] button')

test('a 事前公示 posted from an item, prefilled, is on the public board without signing in', async () => {
  const title = '吉照村危房改造（公示测试）'
  itemId = await housingAtVillageNotice(title)
  const page = await newPage(browser)
  await signIn(page, server.base, manager)
  await page.goto(server.base + '/items/' + itemId)
  await page.waitForSelector('[data-test=notices]')
  assert.ok(await actionButton(page).isDisabled())

  await page.click('[data-test=notice-post-before]')
  await page.waitForSelector('[data-test=notice-project_name]', { state: 'visible' })
  assert.equal(await page.inputValue('[data-test=notice-project_name]'), title)
  assert.equal(await page.inputValue('[data-test=notice-location]'), '泗顶镇吉照村')
  assert.equal(await page.inputValue('[data-test=notice-beneficiary_households]'), '1')
  assert.match(await page.inputValue('[data-test=notice-hotline]'), /^12317/)
  // Posted on 1 March for ten days: its period has run by the demo's 15 March.
  await page.fill('[data-test=notice-posted-on]', '2019-03-01')
  for (const [key, value] of [['content', '危房拆除重建，砖混结构'], ['subsidy_standard', '每户补助35000元'],
    ['performance_target', '住房安全有保障'], ['beneficiary_people', '4'],
    ['poverty_mechanism', '解决贫困户住房安全问题'], ['hotline', '12317、0772-8123456']]) {
    await page.fill(`[data-test=notice-${key}]`, value)
  }
  await page.fill('[data-test=notice-beneficiary_people]', 'x')
  await page.click('[data-test=notice-submit]')
  assert.match(await page.textContent('[data-test=notice-error]'), /受益人数/)
  await page.fill('[data-test=notice-beneficiary_people]', '4')
  await page.click('[data-test=notice-submit]')
  await page.waitForSelector('[data-test=notice-dialog]', { state: 'hidden' })
  await page.waitForSelector('[data-test=notice-status]')
  assert.equal(await page.textContent('[data-test=notice-status]'), '公示期满')
  // The guard it answers is met now.
  await page.waitForFunction(() => !document.querySelector('[data-test=action-submit_township] button').disabled)
  const notices = (await server.api(manager, `/api/v1/items/${itemId}/notices`)).json.notices
  assert.equal(notices.length, 1)
  noticeId = notices[0].id
  assert.equal(notices[0].contents.project_name, title)
  assert.equal(notices[0].contents.beneficiary_people, 4)
  await page.context().close()

  // A villager's phone: no cookie, no token.
  const phone = await newPage(browser, { width: 375, height: 800 })
  await phone.goto(server.base + '/public/')
  await phone.waitForSelector('[data-test=public-villages]')
  await phone.click('[data-test=public-all]')
  await phone.fill('[data-test=public-search]', '公示测试')
  const card = await phone.waitForSelector(`[data-test=public-notice-${noticeId}]`)
  assert.ok((await card.textContent()).includes(title))
  assert.equal(await card.getAttribute('href'), `/public/notices/${noticeId}.html`)
  assert.ok(await phone.evaluate(() => document.scrollingElement.scrollWidth) <= 375)
  const text = await phone.textContent('body')
  // The public JSON the board reads carries no poster, payee, account or voucher.
  const publicJson = await (await fetch(`${server.base}/public/notices/${noticeId}`)).text()
  for (const secret of ['posted_by', 'payee', 'voucher', 'account']) {
    assert.ok(!publicJson.includes(secret) && !text.includes(secret), secret)
  }
  assert.equal((await phone.context().cookies()).length, 0)
  assert.deepEqual(phone.errors, [])
  await phone.context().close()
})

test('the printed page\'s QR code decodes to its public address, and the verifier checks it with no token', async () => {
  assert.ok(noticeId, 'the previous test posted a notice')
  const page = await newPage(browser, { width: 900, height: 1200 })
  const address = `${server.base}/public/notices/${noticeId}.html`
  await page.goto(address)
  const qr = await page.waitForSelector('svg.qr')
  assert.ok((await page.textContent('.online')).includes(address))
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-qr-'))
  try {
    const png = join(dir, 'qr.png')
    writeFileSync(png, await qr.screenshot())
    // zbarimg is a decoder independent of libqrencode, the encoder.
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim()
    assert.equal(decoded, address)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  const footer = await page.textContent('footer')
  const m = /审计链 第 (\d+) 条 · ([0-9a-f]{64})/.exec(footer)
  assert.ok(m, footer)
  const run = (hash) => spawnSync('python3', [verifier, server.base, '--notice', m[1], hash], { encoding: 'utf8' })
  const ok = run(m[2])
  assert.equal(ok.status, 0, ok.stdout + ok.stderr)
  assert.match(ok.stdout, new RegExp(`notice record ${m[1]} intact`))
  const forged = run(m[2].replace(/^./, (c) => (c === '0' ? '1' : '0')))
  assert.equal(forged.status, 1, forged.stdout)
  // The public serves the records notices cite and no other.
  assert.equal((await fetch(`${server.base}/public/audit/records/1`)).status, 404)
  await page.context().close()
})

test('an objection changes the notice\'s status and blocks the action it guards until resolved', async () => {
  assert.ok(itemId && noticeId, 'the first test posted a notice')
  const page = await newPage(browser)
  await signIn(page, server.base, manager)
  await page.goto(server.base + '/items/' + itemId)
  await page.waitForSelector(`[data-test=notice-${noticeId}]`)
  await page.click(`[data-test=objection-open-${noticeId}]`)
  await page.waitForSelector('[data-test=objection-content]', { state: 'visible' })
  await page.locator('[data-test=objection-channel] label', { hasText: '来电' }).click()
  await page.fill('[data-test=objection-date]', '2019-03-05')
  await page.fill('[data-test=objection-content]', '村民来电反映该户家庭人口登记有误')
  await page.click('[data-test=objection-submit]')
  await page.waitForFunction(() => document.querySelector('[data-test=notice-status]').textContent === '有未处理异议')
  await page.waitForFunction(() => document.querySelector('[data-test=action-submit_township] button').disabled)
  assert.match(await page.textContent('[data-test=action-submit_township] [data-test=blocked-reasons]'), /村级公示/)
  const notice = (await server.api(manager, '/api/v1/notices/' + noticeId)).json
  assert.equal(notice.status, 'objection_open')
  assert.equal(notice.objections[0].channel, '来电')
  // The server refuses the guarded action too, whatever the page shows.
  const refused = await server.api(manager, `/api/v1/items/${itemId}/transitions`, { method: 'POST', body: { action: 'submit_township' } })
  assert.equal(refused.status, 422)

  await page.click(`[data-test=objection-resolve-${notice.objections[0].id}]`)
  await page.fill('[data-test=resolution-text]', '经核实人口登记无误，已电话答复')
  await page.click('[data-test=resolution-submit]')
  await page.waitForFunction(() => document.querySelector('[data-test=notice-status]').textContent === '公示期满')
  await page.waitForFunction(() => !document.querySelector('[data-test=action-submit_township] button').disabled)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
