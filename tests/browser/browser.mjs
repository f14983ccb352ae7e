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
  await page.fill('[data-test=name] input', user.name)
  await page.fill('[data-test=password] input', user.password)
  await page.click('[data-test=login]')
  await page.waitForSelector('[data-test=who]')
}

// Chooses an option of an Element Plus select by its visible text.
export async function choose(page, selector, text) {
  await page.click(selector)
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

// Fills a declared field whatever its input is (text, select, date).
export async function fillField(page, key, value) {
  const root = page.locator(`[data-test=field-${key}]`).first()
  const cls = (await root.getAttribute('class')) || ''
  if (cls.includes('el-select')) await choose(page, `[data-test=field-${key}]`, value)
  else await root.locator('input').first().fill(String(value))
}

export async function scrollWidth(page) {
  return page.evaluate(() => document.scrollingElement.scrollWidth)
}
