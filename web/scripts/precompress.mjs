// Writes NAME.gz beside every text asset of the build, so the server can send the
// precompressed file to clients that accept gzip instead of compressing on each request.
import { gzipSync, constants } from 'node:zlib'
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const compressible = /\.(js|mjs|css|html|svg|json|txt|map)$/

function walk(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...walk(path))
    else out.push(path)
  }
  return out
}

export function precompress() {
  let outDir = ''
  return {
    name: 'taizhang-precompress',
    apply: 'build',
    configResolved(config) { outDir = resolve(config.root, config.build.outDir) },
    closeBundle() {
      for (const path of walk(outDir)) {
        if (!compressible.test(path)) continue
        const gz = gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION })
        writeFileSync(path + '.gz', gz)
      }
    },
  }
}
