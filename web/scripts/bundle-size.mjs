#!/usr/bin/env node
// Prints the gzip size of the JavaScript and CSS the first page loads — the scripts,
// stylesheets and modulepreloads named by the built index.html — against the 500 KB budget.
// Usage: node scripts/bundle-size.mjs [BUILT_WEB_DIR]   (default ../build/web, or
// TAIZHANG_WEB_DIR). Exits 1 when over budget, 2 when the build is missing.
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync, constants } from 'node:zlib'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const budgetBytes = 500 * 1024
const here = dirname(fileURLToPath(import.meta.url))
const dir = resolve(process.argv[2] || process.env.TAIZHANG_WEB_DIR || join(here, '../../build/web'))
const indexPath = join(dir, 'index.html')
if (!existsSync(indexPath)) {
  console.error(`no built app at ${dir} (index.html missing): run npm run build first`)
  process.exit(2)
}
const html = readFileSync(indexPath, 'utf8')

// Every local asset index.html references as a script, a stylesheet or a modulepreload.
const refs = new Set()
for (const tag of html.match(/<(script|link)\b[^>]*>/gi) || []) {
  const attr = (name) => (new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag) || [])[1]
  const url = tag.toLowerCase().startsWith('<script') ? attr('src') : attr('href')
  if (!url || /^(https?:)?\/\//i.test(url) || url.startsWith('data:')) continue
  const rel = (attr('rel') || '').toLowerCase()
  if (tag.toLowerCase().startsWith('<link') && rel !== 'stylesheet' && rel !== 'modulepreload') continue
  refs.add(url.replace(/^\//, '').split('?')[0])
}

function gzipBytes(path) {
  // The .gz the build wrote is what the server sends; compress afresh when it is absent.
  if (existsSync(path + '.gz')) return readFileSync(path + '.gz').length
  return gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION }).length
}

const rows = []
for (const ref of refs) {
  const path = join(dir, ref)
  const raw = readFileSync(path).length
  rows.push({ ref, raw, gz: gzipBytes(path) })
}
const kb = (n) => (n / 1024).toFixed(1)
let js = 0
let css = 0
for (const r of rows) {
  if (r.ref.endsWith('.css')) css += r.gz
  else js += r.gz
  console.log(`${String(r.gz).padStart(9)} B gzip  ${String(r.raw).padStart(9)} B raw  ${r.ref}`)
}
const total = js + css
console.log(`initial route: JS ${js} B (${kb(js)} KB) + CSS ${css} B (${kb(css)} KB) = ` +
  `${total} B (${kb(total)} KB) gzip of ${budgetBytes} B (500 KB) budget, ` +
  `${(100 * total / budgetBytes).toFixed(1)}%`)
process.exit(total <= budgetBytes ? 0 : 1)
