import { inject } from 'vue'
import type { InjectionKey } from 'vue'
import type { ExtensionLoader } from './loader'

export const ExtensionLoaderKey: InjectionKey<ExtensionLoader> = Symbol('ExtensionLoader')

/** Why plugins' UI bundles were not loaded, by plugin (empty without a loader, e.g. in tests). */
export function useExtensionFailures(): Map<string, string> {
  return inject(ExtensionLoaderKey, null)?.failures ?? new Map()
}
