/**
 * `@shopdb/ui`: what the app lends plugin UI bundles, beside `vue`, `vue-router` and
 * `@urql/vue` (the app's own instances, so a bundle's components share its router, GraphQL
 * client, cache and session). Part of the UI extension API: names here change only with
 * its version (api.ts).
 */
export { EXTENSION_API_VERSION, compatible } from './api'
export type {
  DetailCard, ExtensionContext, ExtensionPage, ListColumn, ListView, MarkerStyle, UiExtensionModule,
} from './api'
export type { Shape } from '@/components/map/mapLayout'
export { useSession } from '@/auth/session'
export { useSchemaSupport } from '@/composables/useSchemaSupport'
export { useAssetKinds } from '@/composables/useAssetKinds'
export { useCursorPager } from '@/composables/useCursorPager'
export { useReferenceData } from '@/composables/useReferenceData'
export { useIntrospector } from '@/composables/useIntrospector'
export { useSchemaEpoch } from '@/composables/useSchemaEpoch'
export { isLeaf, unwrap } from '@/schema/types'
export type { FieldInfo, TypeInfo } from '@/schema/types'
export { describeError, errorsByField } from '@/graphql/errors'
export type { UserError } from '@/graphql/errors'
export { formatDateTime } from '@/schema/kindFields'
export { default as ConnectionPager } from '@/components/common/ConnectionPager.vue'
export { default as EmptyState } from '@/components/common/EmptyState.vue'
export { default as ErrorAlert } from '@/components/common/ErrorAlert.vue'
export { default as FormField } from '@/components/common/FormField.vue'
export { default as LoadingState } from '@/components/common/LoadingState.vue'

import type { UiExtensionModule } from './api'

/** Types a bundle's default export: `export default defineExtension({ apiVersion: '1.0', install(ui) {...} })`. */
export function defineExtension(extension: UiExtensionModule): UiExtensionModule {
  return extension
}
export { daysFromNow, fromLocalInput, toLocalInput } from '@/lib/dates'
