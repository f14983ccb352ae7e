// 档案 on a phone: a village cadre photographs the finished house from the item page, sees the
// upload's progress and its thumbnail under 竣工照片, prints the 一户一档 page with the photo on
// it, and withdraws a wrong photo with a reason — at 375 px, without sideways scrolling.
import test from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from './server.mjs'
import { launchBrowser, newPage, signIn, scrollWidth, drawnJpeg } from './browser.mjs'

const phoneWidth = 375
let server
let browser
let cadre
test.before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  cadre = server.user((u) => u.name === '吉照村包村干部')
})
test.after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

const cameraPhoto = (page, seed) => drawnJpeg(page, '竣工照片' + seed + '.jpg', seed)

test('a cadre photographs, prints and withdraws evidence from a phone', async () => {
  const housing = (await server.api(cadre, '/api/v1/items?workflow=housing_repair&limit=1')).json.items[0]
  const page = await newPage(browser, { width: phoneWidth, height: 800 })
  await signIn(page, server.base, cadre)
  await page.goto(server.base + '/items/' + housing.id)
  const kind = page.locator('[data-test=kind-completion_photo]')
  await kind.waitFor()
  assert.match(await kind.locator('[data-test=kind-count]').textContent(), /0 份/)
  // The camera input asks a phone for its camera.
  assert.equal(await page.getAttribute('[data-test=camera-completion_photo]', 'capture'), 'environment')

  await page.setInputFiles('[data-test=camera-completion_photo]', await cameraPhoto(page, 1))
  await kind.locator('img').first().waitFor()
  // Thumbnails load lazily: the 档案 panel sits below the ledger and notices, so scroll to it.
  await kind.locator('img').first().scrollIntoViewIfNeeded()
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-test=kind-completion_photo] img')
    return img && img.complete && img.naturalWidth > 0 && img.naturalWidth <= 320
  })
  assert.match(await kind.locator('[data-test=kind-count]').textContent(), /1 份/)
  assert.ok(await scrollWidth(page) <= phoneWidth, 'the dossier panel scrolls sideways: ' + await scrollWidth(page))
  const listed = (await server.api(cadre, '/api/v1/items/' + housing.id + '/attachments')).json.attachments
  assert.equal(listed.length, 1)
  assert.equal(listed[0].media_type, 'image/jpeg')
  assert.equal(listed[0].kind_name, '竣工照片')

  // A document the camera cannot take: refused with the reason in Chinese, nothing stored.
  await page.setInputFiles('[data-test=file-acceptance_form]',
    { name: '验收表.txt', mimeType: 'text/plain', buffer: Buffer.from('不是 PDF') })
  await page.locator('.el-message--error', { hasText: '只能上传' }).waitFor()
  assert.equal((await server.api(cadre, '/api/v1/items/' + housing.id + '/attachments')).json.attachments.length, 1)

  // The printable 一户一档 page carries the photo.
  const [print] = await Promise.all([
    page.context().waitForEvent('page'),
    page.click('[data-test=dossier-print]'),
  ])
  await print.waitForLoadState()
  assert.match(await print.textContent('h1'), /一户一档/)
  await print.waitForFunction(() => [...document.images].some((i) => i.complete && i.naturalWidth > 0))
  assert.match(await print.textContent('body'), /竣工照片/)
  await print.close()

  // Withdrawn with a reason: the count drops, the photo stays visible among the withdrawn.
  await kind.locator('button', { hasText: '撤回' }).click()
  await page.locator('.el-message-box input').fill('拍错了户')
  await page.locator('.el-message-box button', { hasText: '撤回' }).click()
  await page.waitForFunction(() => /0 份/.test(document.querySelector('[data-test=kind-completion_photo] [data-test=kind-count]').textContent))
  await page.locator('[data-test=dossier] .el-checkbox').click()
  await kind.locator('text=已撤回：拍错了户').waitFor()
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
