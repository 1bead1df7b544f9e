/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npm run dev` talks to a running API; override with SHOPDB_API=http://host:port.
const api = process.env.SHOPDB_API ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // What the app lends plugins' UI bundles (src/extensions/ui.ts), for their sources and tests.
      '@shopdb/ui/testing': fileURLToPath(new URL('./src/extensions/testing.ts', import.meta.url)),
      '@shopdb/ui': fileURLToPath(new URL('./src/extensions/ui.ts', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    // The bundled plugins' UI sources (../plugins/*/ui/src) are tested and type-checked here.
    fs: { allow: ['..'] },
    proxy: {
      '/graphql': { target: api, changeOrigin: false, ws: true },
      '/healthz': { target: api },
      '/readyz': { target: api },
      '/export': { target: api },
      '/import': { target: api },
      '/floorplans': { target: api },
      '/plugins': { target: api },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  test: {
    environment: 'happy-dom',
    // A plugin bundle's style sheet link is checked, not fetched.
    environmentOptions: { happyDOM: { settings: { disableCSSFileLoading: true } } },
    // The bundled plugins' UI sources are tested with the app (their bundles are built by
    // scripts/build-plugin-ui.mjs).
    include: ['src/**/*.test.ts', '../plugins/*/ui/src/**/*.test.ts'],
    restoreMocks: true,
  },
})
