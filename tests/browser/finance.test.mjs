// 财务 in the browser: a fund typed in 元 and stored exactly in fen; every bad amount refused with
// nothing written; allocation, a double-clicked payment and a payment whose answer was lost each
// paying once; the Chinese refusals for lack of money; a reversal.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startServer } from './server.mjs'
import { launchBrowser, newPage, signIn, choose } from './browser.mjs'

const badAmounts = ['1.005', '-1', '1e3', '¥1,000', '']
let server
let browser
let finance
let manager
test.before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  finance = server.user((u) => u.role === 'finance')
  manager = server.user((u) => u.role === 'manager' && !/村/.test(u.name))
})
test.after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

async function allFunds() {
  return (await server.api(finance, '/api/v1/funds?limit=200')).json.funds
}

async function newRoad(title) {
  const r = await server.api(manager, '/api/v1/items', {
    method: 'POST',
    body: { workflow: 'road', title, org: '吉照村', plan_year: 2019, budget_fen: 50000000, due_on: '2019-09-30' },
  })
  assert.equal(r.status, 201, r.text)
  return r.json.id
}

// Opens 拨付 on the item page and types the payment in.
async function fillPayment(page, { payee, voucher, amount }) {
  await page.click('[data-test=pay-open]')
  await page.fill('[data-test=pay-payee]', payee)
  await page.fill('[data-test=pay-voucher]', voucher)
  if (amount !== undefined) await page.fill('[data-test=pay-amount]', amount)
}

const shows = (page, test, text) => page.waitForFunction(
  ([selector, expected]) => document.querySelector(selector).textContent === expected,
  [`[data-test=${test}]`, text])

async function openFundForm(page) {
  await page.goto(server.base + '/funds')
  await page.click('[data-test=fund-new]')
  await page.waitForSelector('[data-test=fund-name]', { state: 'visible' })
}

test('a fund typed in 元 is stored exactly in fen, and every bad amount is refused with nothing written', async () => {
  const page = await newPage(browser)
  await signIn(page, server.base, finance)
  const before = (await allFunds()).length
  await openFundForm(page)
  await page.fill('[data-test=fund-name]', '2019年自治区财政专项扶贫资金（测试）')
  await page.fill('[data-test=fund-doc]', '桂财农〔2019〕88号')
  for (const bad of badAmounts) {
    await page.fill('[data-test=fund-amount]', bad)
    await page.click('[data-test=fund-submit]')
    assert.match(await page.textContent('[data-test=fund-error]'), /金额须为元，最多两位小数/, bad)
  }
  // The API refuses the same strings on its own, naming the field, and writes nothing.
  for (const bad of badAmounts) {
    const r = await server.api(finance, '/api/v1/funds', {
      method: 'POST',
      body: { name: 'x', source: 'central', doc_no: 'x', year: 2019, amount_yuan: bad },
    })
    assert.equal(r.status, 400, bad)
    assert.equal(r.json.code, 'invalid_field')
    assert.equal(r.json.field, 'amount_yuan')
  }
  const asNumber = await server.api(finance, '/api/v1/funds', {
    method: 'POST', body: { name: 'x', source: 'central', doc_no: 'x', year: 2019, amount_yuan: 1000.5 },
  })
  assert.equal(asNumber.status, 400)
  assert.equal((await allFunds()).length, before, 'a refused amount wrote a fund')

  // 1234567.89 元 is not exactly representable as a binary float; the fen must be exact.
  await page.fill('[data-test=fund-amount]', '1234567.89')
  await page.click('[data-test=fund-submit]')
  await page.waitForSelector('[data-test=fund-name]', { state: 'hidden' })
  const fund = (await allFunds()).find((f) => f.doc_no === '桂财农〔2019〕88号')
  assert.ok(fund, 'the fund was created')
  assert.equal(fund.amount_fen, 123456789)
  await page.click(`[data-test=fund-list] a[href="/funds/${fund.id}"]`)
  await page.waitForSelector('[data-test=fund-amount-shown]')
  assert.equal(await page.textContent('[data-test=fund-amount-shown]'), '1,234,567.89 元')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('allocate; a double-clicked payment and a payment whose answer was lost each pay once', async () => {
  const id = await newRoad('吉照村那洞屯道路硬化（拨付测试）')
  const fund = (await allFunds())[0]
  const page = await newPage(browser)
  await signIn(page, server.base, finance)
  await page.goto(server.base + '/items/' + id)
  await page.waitForSelector('[data-test=ledger-entries]')

  await page.click('[data-test=allocate-open]')
  await choose(page, '[data-test=allocate-fund]', fund.name)
  for (const bad of badAmounts) {
    await page.fill('[data-test=allocate-amount]', bad)
    await page.click('[data-test=allocate-submit]')
    assert.match(await page.textContent('[data-test=allocate-error]'), /金额须为元/, bad)
  }
  assert.equal((await server.api(finance, `/api/v1/items/${id}/ledger`)).json.entries.length, 0)
  await page.fill('[data-test=allocate-amount]', '100000')
  await page.click('[data-test=allocate-submit]')
  await shows(page, 'ledger-allocated', '100,000.00')

  // A double click on 确认拨付.
  await fillPayment(page, { payee: '融安县某建筑工程有限公司', voucher: 'BZ-2019-0101' })
  for (const bad of badAmounts) {
    await page.fill('[data-test=pay-amount]', bad)
    await page.click('[data-test=pay-submit]')
    assert.match(await page.textContent('[data-test=pay-error]'), /金额须为元/, bad)
  }
  await page.fill('[data-test=pay-amount]', '30000')
  await page.dblclick('[data-test=pay-submit]')
  await shows(page, 'ledger-disbursed', '30,000.00')

  // A second payment whose request reaches the server, but whose answer is lost on the way back.
  await fillPayment(page, { payee: '融安县某建筑工程有限公司', voucher: 'BZ-2019-0102', amount: '20000' })
  const sentKeys = []
  let dropped = false
  await page.route('**/disbursements', async (route) => {
    sentKeys.push(route.request().headers()['idempotency-key'])
    if (dropped) return route.continue()
    dropped = true
    const committed = await route.fetch()  // the server pays …
    assert.equal(committed.status(), 201)
    await route.abort('connectionreset')  // … and the browser never hears of it
  })
  await page.click('[data-test=pay-submit]')
  assert.match(await (await page.waitForSelector('[data-test=pay-error]')).textContent(), /网络中断/)
  await page.click('[data-test=pay-submit]')  // 重新提交
  await page.waitForSelector('[data-test=pay-info]')
  assert.match(await page.textContent('[data-test=pay-info]'), /未重复支付/)
  assert.equal(sentKeys.length, 2)
  assert.equal(sentKeys[0], sentKeys[1], 'the retry sent another Idempotency-Key')

  const ledger = (await server.api(finance, `/api/v1/items/${id}/ledger`)).json
  const paid = ledger.entries.filter((e) => e.kind === 'disbursement')
  assert.deepEqual(paid.map((e) => e.amount_fen).sort(), [2000000, 3000000])
  assert.equal(ledger.disbursed_fen, 5000000)
  // The panel reloads the ledger after the retried payment: wait for it rather than read at once.
  await shows(page, 'ledger-disbursed', '50,000.00')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('over-allocation and an insufficient fund say in Chinese what is still available; a reversal', async () => {
  const id = await newRoad('吉照村屯内道路硬化（冲销测试）')
  const fund = (await allFunds()).find((f) => f.remaining_fen > 0)
  const page = await newPage(browser)
  await signIn(page, server.base, finance)
  await page.goto(server.base + '/items/' + id)
  await page.waitForSelector('[data-test=ledger-entries]')

  // More than the fund has left.
  await page.click('[data-test=allocate-open]')
  await choose(page, '[data-test=allocate-fund]', fund.name)
  await page.fill('[data-test=allocate-amount]', '99999999999')
  await page.click('[data-test=allocate-submit]')
  const short = await (await page.waitForSelector('[data-test=allocate-error]')).textContent()
  const left = (await server.api(finance, '/api/v1/funds/' + fund.id)).json.remaining_fen
  assert.match(short, /资金余额不足/)
  assert.ok(short.includes((left / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })), short)
  await page.fill('[data-test=allocate-amount]', '5000.50')
  await page.click('[data-test=allocate-submit]')
  await shows(page, 'ledger-allocated', '5,000.50')

  // More than the item has allocated.
  await fillPayment(page, { payee: '某施工队', voucher: 'BZ-2019-0201', amount: '6000' })
  await page.click('[data-test=pay-submit]')
  const over = await (await page.waitForSelector('[data-test=pay-error]')).textContent()
  assert.match(over, /超出已分配金额：该事项尚可拨付 5,000\.50 元/)
  await page.fill('[data-test=pay-amount]', '1000')
  await page.click('[data-test=pay-submit]')
  await shows(page, 'ledger-disbursed', '1,000.00')

  // Reverse the payment: a new entry, the original kept and marked.
  const payment = (await server.api(finance, `/api/v1/items/${id}/ledger`)).json.entries.find((e) => e.kind === 'disbursement')
  await page.click(`[data-test=reverse-${payment.id}]`)
  await page.fill('[data-test=reverse-reason]', '凭证号录错，冲销重录')
  await page.click('[data-test=reverse-submit]')
  await shows(page, 'ledger-disbursed', '0.00')
  const ledger = (await server.api(finance, `/api/v1/items/${id}/ledger`)).json
  const reversal = ledger.entries.find((e) => e.kind === 'reversal')
  assert.equal(reversal.reverses, payment.id)
  assert.equal(reversal.reason, '凭证号录错，冲销重录')
  assert.equal(ledger.entries.find((e) => e.id === payment.id).reversed_by, reversal.id)
  assert.equal(ledger.disbursed_fen, 0)
  assert.equal(ledger.allocated_fen, 500050)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('支出进度 shows the fund and the village as of a date, in a table and a chart', async () => {
  const page = await newPage(browser)
  await signIn(page, server.base, finance)
  await page.goto(server.base + '/spending')
  await page.waitForSelector('[data-test=spending-funds] .el-table__row')
  const report = (await server.api(finance, '/api/v1/reports/spending?as_of=2019-03-15')).json
  const road = report.units.find((u) => u.org === '马田村')
  assert.ok(road && road.disbursed_fen > 0, JSON.stringify(report.units))
  assert.ok((await page.textContent('[data-test=spending-units]')).includes('马田村'))
  assert.ok(await page.locator('canvas').count() >= 1, 'the chart is drawn')
  // Before anything was recorded, nothing was spent.
  const early = (await server.api(finance, '/api/v1/reports/spending?as_of=2018-12-31')).json
  assert.deepEqual([early.funds.length, early.units.length], [0, 0])
  await page.context().close()
})

test('the 台账 downloads from the pages they belong to, as the county\'s spreadsheets', async () => {
  const page = await newPage(browser)
  await signIn(page, server.base, finance)
  await page.goto(server.base + '/spending')
  await page.waitForSelector('[data-test=spending-funds] .el-table__row')
  // The spending report as of the chosen day, downloaded as the browser downloads any file.
  assert.match(await page.getAttribute('[data-test=export-spending-xlsx]', 'href'), /as_of=\d{4}-\d{2}-\d{2}/)
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-spending-xlsx]')])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const bytes = readFileSync(await download.path())
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip')

  await page.goto(server.base + '/funds')
  await page.waitForSelector('[data-test=fund-list] .el-table__row')
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-ledger-csv]')])
  const text = readFileSync(await csv.path(), 'utf8')
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with a BOM, as Excel wants it')
  assert.ok(text.includes('扶贫项目资金台账') && text.includes('合计'), text.slice(0, 300))
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
