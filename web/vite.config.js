import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { fileURLToPath } from 'node:url'
import { precompress } from './scripts/precompress.mjs'

// The C++ build passes `--outDir <build>/web`; TAIZHANG_WEB_OUT does the same from the
// environment. Without either the app lands where a source-tree build expects it.
const outDir = process.env.TAIZHANG_WEB_OUT ||
  fileURLToPath(new URL('../build/web', import.meta.url))

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus on demand: only the components a page uses are bundled, with their CSS.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
    precompress(),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome85',
    cssTarget: 'chrome85',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:18080', '^/public/.+': 'http://127.0.0.1:18080' },
  },
})
