import * as vue from 'vue'
import * as vueRouter from 'vue-router'
import * as urqlVue from '@urql/vue'
import * as ui from './ui'
import { EXTENSION_API_VERSION } from './api'

/** The modules a plugin bundle imports, by specifier (see build-plugin-ui.mjs). */
export interface SharedModules {
  apiVersion: string
  modules: Record<string, unknown>
}

declare global {
  interface Window {
    shopdb?: SharedModules
  }
}

/**
 * Lends the app's own module instances to plugin bundles: a bundle's `import { ref } from 'vue'`
 * is built into a read of `window.shopdb.modules.vue`, so it shares this Vue, router, GraphQL
 * client and session instead of bringing copies.
 */
export function exposeSharedModules(): void {
  window.shopdb = {
    apiVersion: EXTENSION_API_VERSION,
    modules: { 'vue': vue, 'vue-router': vueRouter, '@urql/vue': urqlVue, '@shopdb/ui': ui },
  }
}
