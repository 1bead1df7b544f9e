/**
 * `@shopdb/ui/testing`: helpers for unit tests of plugin UI bundles (vitest, happy-dom):
 * mount a component with a session, router and a scripted GraphQL client. Not part of a
 * built bundle.
 */
export { mockClient, operationName } from '@/test/mockClient'
export type { Answer, Handler } from '@/test/mockClient'
export { ADMIN, VIEWER, flush, mountWith, testRouter } from '@/test/mount'
export { schemaAnswers, settle } from '@/test/addonSchema'
export { field, listOf, named, nonNull, objectType } from '@/test/schemaFixtures'
