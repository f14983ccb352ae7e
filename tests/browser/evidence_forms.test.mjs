// Evidence from the forms it belongs to: the scan of a payment's voucher chosen in 拨付 and filed
// against the new ledger entry — an upload that fails is retried alone and never pays twice —
// and the photo of a notice as posted, shown beside the notice and on the public board.
import test from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, newPage, signIn, drawnJpeg } from './browser.mjs'

let server
let browser
let finance
let manager
let roadId
test.before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  finance = server.user((u) => u.role === 'finance')
  manager = server.user((u) => u.role === 'manager' && !/村/.test(u.name))
  // A road (its workflow files 报账凭证 and 公示照片) with 20000 元 allocated to it.
  const created = await server.api(manager, '/api/v1/items', {
    method: 'POST',
    body: { workflow: 'road', title: '吉照村那洞屯道路硬化（凭证测试）', org: '吉照村', plan_year: 2019,
      budget_fen: 50000000, due_on: '2019-09-30' },
  })
  assert.equal(created.status, 201, created.text)
  roadId = created.json.id
  const fund = (await server.api(finance, '/api/v1/funds?limit=200')).json.funds.find((f) => f.remaining_fen >= 2000000)
  const allocated = await server.api(finance, `/api/v1/items/${roadId}/allocations`,
    { method: 'POST', body: { fund_id: fund.id, amount_yuan: '20000' } })
  assert.equal(allocated.status, 201, allocated.text)
})
test.after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

const attachments = async (who) => (await server.api(who, `/api/v1/items/${roadId}/attachments`)).json.attachments

test('a payment with its voucher scan: a failed upload is retried alone, the payment made once', async () => {
  const page = await newPage(browser)
  await signIn(page, server.base, finance)
  await page.goto(server.base + '/items/' + roadId)
  await page.waitForSelector('[data-test=ledger-entries]')
  await page.click('[data-test=pay-open]')
  await page.fill('[data-test=pay-payee]', '融安县某建筑工程有限公司')
  await page.fill('[data-test=pay-voucher]', 'BZ-2019-0301')
  await page.fill('[data-test=pay-amount]', '12000')
  await page.setInputFiles('[data-test=pay-scan]', await drawnJpeg(page, '报账凭证BZ-2019-0301.jpg', 3))

  // The payment goes through; the first upload of its scan is cut off on the way.
  let payments = 0
  let uploads = 0
  await page.route('**/disbursements', (route) => { payments += 1; return route.continue() })
  await page.route(`**/api/v1/items/${roadId}/attachments`, (route) => {
    if (route.request().method() !== 'POST') return route.continue()
    uploads += 1
    return uploads === 1 ? route.abort('connectionreset') : route.continue()
  })
  await page.click('[data-test=pay-submit]')
  const failed = await (await page.waitForSelector('[data-test=scan-error]')).textContent()
  assert.match(failed, /付款已记录，但凭证扫描件未上传/)
  const entry = (await server.api(finance, `/api/v1/items/${roadId}/ledger`)).json.entries.find((e) => e.kind === 'disbursement')
  assert.equal(entry.amount_fen, 1200000)
  assert.deepEqual(await attachments(finance), [])

  await page.click('[data-test=scan-retry]')
  const link = await page.waitForSelector(`[data-test=scan-${entry.id}]`)
  await page.waitForSelector('[data-test=scan-error]', { state: 'detached' })
  assert.deepEqual([payments, uploads], [1, 2])
  const ledger = (await server.api(finance, `/api/v1/items/${roadId}/ledger`)).json
  assert.equal(ledger.entries.filter((e) => e.kind === 'disbursement').length, 1)
  assert.equal(ledger.disbursed_fen, 1200000)
  const [scan] = await attachments(finance)
  assert.deepEqual([scan.kind, scan.entry_id, scan.name, scan.media_type],
    ['voucher', entry.id, '报账凭证BZ-2019-0301.jpg', 'image/jpeg'])
  assert.equal(await link.getAttribute('href'), scan.content_url + '?inline=1')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the photo of a posted notice shows beside it and on the public board', async () => {
  const posted = await server.api(manager, `/api/v1/items/${roadId}/notices`, {
    method: 'POST',
    body: { level: 'village', phase: 'before', posted_on: '2019-03-12', period_days: 10,
      project_name: '吉照村那洞屯道路硬化', location: '泗顶镇吉照村那洞屯', content: '道路硬化，长1200米',
      subsidy_standard: '按方案补助', implementation_period: '2019年3月至9月', implementer: '吉照村民委员会',
      performance_target: '通屯道路硬化', beneficiary_households: 46, beneficiary_people: 180,
      poverty_mechanism: '改善出行条件', hotline: '12317、0772-8123456' },
  })
  assert.equal(posted.status, 201, posted.text)
  const noticeId = posted.json.id
  const page = await newPage(browser, { width: 375, height: 800 })
  await signIn(page, server.base, manager)
  await page.goto(server.base + '/items/' + roadId)
  const input = `[data-test=notice-photo-input-${noticeId}]`
  await page.waitForSelector(input, { state: 'attached' })
  assert.equal(await page.getAttribute(input, 'capture'), 'environment')
  await page.setInputFiles(input, await drawnJpeg(page, '公示栏.jpg', 7))
  await page.waitForSelector(`[data-test=notice-${noticeId}] .photos img`)

  const filed = (await attachments(manager)).filter((a) => a.kind === 'notice_photo')
  assert.equal(filed.length, 1)
  const photo = filed[0]
  assert.equal(photo.notice_id, noticeId)
  const thumb = page.locator(`[data-test=notice-${noticeId}] [data-test=notice-photo-${photo.id}] img`)
  await thumb.scrollIntoViewIfNeeded()
  assert.equal(await thumb.getAttribute('src'), `/api/v1/attachments/${photo.id}/thumbnail`)
  await thumb.evaluate((img) => img.complete && img.naturalWidth > 0 ? null
    : new Promise((ok, fail) => { img.onload = ok; img.onerror = () => fail(new Error('the thumbnail did not load')) }))
  assert.deepEqual(page.errors, [])

  // Villagers see it on the board, signed out.
  const board = await newPage(browser, { width: 375, height: 800 })
  await board.goto(server.base + '/public/')
  const card = board.locator(`[data-test=public-notice-${noticeId}]`)
  const copy = card.locator(`[data-test=public-photo-${photo.id}]`)
  await copy.scrollIntoViewIfNeeded()
  await board.waitForFunction((id) => {
    const img = document.querySelector(`[data-test=public-photo-${id}]`)
    return img && img.complete && img.naturalWidth > 0
  }, photo.id)
  assert.equal(await copy.getAttribute('src'), `/public/notices/${noticeId}/photos/${photo.id}`)
  assert.deepEqual(board.errors, [])
  await page.context().close()
  await board.context().close()
})
