import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The API server during development; the production build is served by nginx
// on the same origin as the API, so the SPA always calls relative URLs.
const apiTarget = process.env.GRIDLINK_API ?? 'http://127.0.0.1:8080'
const proxy = {
  '/api': { target: apiTarget },
  '/healthz': { target: apiTarget },
  '/readyz': { target: apiTarget },
}

// Every Element Plus style entry, so the dev server pre-bundles them at start
// instead of discovering them one page at a time and reloading the browser.
const elementPlusComponents = fileURLToPath(new URL('./node_modules/element-plus/es/components', import.meta.url))
const elementPlusStyles = existsSync(elementPlusComponents)
  ? readdirSync(elementPlusComponents)
      .filter((name) => existsSync(`${elementPlusComponents}/${name}/style/css.mjs`))
      .map((name) => `element-plus/es/components/${name}/style/css`)
  : []

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: only the components and services a page uses
    // (with their CSS) end up in its chunk. The .d.ts files are committed so
    // that vue-tsc works on a fresh clone before Vite ever ran.
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dirs: [],
      dts: 'src/components.d.ts',
    }),
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  define: {
    // vue-i18n: Composition API only, no devtools hooks in production.
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  optimizeDeps: {
    include: [
      'vue',
      'vue-router',
      'pinia',
      'vue-i18n',
      'openapi-fetch',
      '@element-plus/icons-vue',
      'element-plus/es',
      'element-plus/es/locale/lang/zh-cn',
      'element-plus/es/locale/lang/en',
      ...elementPlusStyles,
    ],
  },
  build: {
    target: 'es2022',
    // dist/.vite/manifest.json: `npm run size` reads the chunk graph from it.
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
})
