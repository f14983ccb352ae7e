// Debian's Chromium driven by playwright-core (which downloads no browser of its own), and
// the few page steps every test file shares.
import { createRequire } from 'node:module'
import { resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
// playwright-core is a devDependency of web/, so it is resolved from there.
const requireFromWeb = createRequire(resolve(here, '../../web/package.json'))
const { chromium } = requireFromWeb('playwright-core')

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium'

// Playwright gives each launch a fresh temporary profile, removed when the browser closes.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

// A new context is a new person: no cookies, no storage.
export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } })
  const page = await context.newPage()
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(e.message))
  return page
}

export async function signIn(page, base, user) {
  await page.goto(base + '/login')
  await page.fill('[data-test=name]', user.name)
  await page.fill('[data-test=password]', user.password)
  await page.click('[data-test=login]')
  await page.waitForSelector('[data-test=who]')
}

// Chooses an option of an Element Plus select by its visible text.
// Under load a click can land on the option while its dropdown is still opening, and the
// choice is lost; so the choice is checked on the select itself and made again if it did not
// take.
export async function choose(page, selector, text) {
  for (let attempt = 1; ; attempt++) {
    await page.click(selector)
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
    try {
      await page.waitForFunction(([sel, want]) => {
        const el = document.querySelector(sel)
        return el && el.textContent.includes(want)
      }, [selector, text], { timeout: 2000 })
      return
    } catch (e) {
      if (attempt === 3) throw new Error(`${selector}: choosing "${text}" did not take`)
    }
  }
}

// Fills a declared field whatever its input is. Element Plus puts a text input's attributes
// on the <input> itself, a select's on its wrapper.
export async function fillField(page, key, value) {
  const target = page.locator(`[data-test=field-${key}]`).first()
  const tag = await target.evaluate((el) => el.tagName)
  if (tag === 'INPUT' || tag === 'TEXTAREA') await target.fill(String(value))
  else await choose(page, `[data-test=field-${key}]`, value)
}

export async function scrollWidth(page) {
  return page.evaluate(() => document.scrollingElement.scrollWidth)
}

// A real JPEG, drawn by the browser itself, to hand to setInputFiles (a phone camera's file or a
// scanned voucher stands in); seed makes each one's bytes differ.
export async function drawnJpeg(page, name, seed) {
  const base64 = await page.evaluate(async (s) => {
    const canvas = new OffscreenCanvas(640, 480)
    const g = canvas.getContext('2d')
    g.fillStyle = `rgb(${(s * 53) % 255}, 120, 80)`
    g.fillRect(0, 0, 640, 480)
    g.fillStyle = '#fff'
    g.fillRect(100 + s, 100, 200, 150)
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let text = ''
    for (const b of bytes) text += String.fromCharCode(b)
    return btoa(text)
  }, seed)
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') }
}
