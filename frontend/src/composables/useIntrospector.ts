import { inject, watch } from 'vue'
import type { InjectionKey } from 'vue'
import type { Client } from '@urql/core'
import { SchemaIntrospector } from '@/schema/introspection'
import { useSchemaEpoch } from './useSchemaEpoch'

export const IntrospectorKey: InjectionKey<SchemaIntrospector> = Symbol('introspector')

/** One introspector per app; its cache is dropped whenever the schema epoch moves. */
export function createIntrospector(client: () => Client): SchemaIntrospector {
  const introspector = new SchemaIntrospector(client)
  const { epoch } = useSchemaEpoch()
  watch(epoch, () => introspector.clear())
  return introspector
}

export function useIntrospector(): SchemaIntrospector {
  const introspector = inject(IntrospectorKey)
  if (!introspector) throw new Error('useIntrospector() needs IntrospectorKey provided by main.ts')
  return introspector
}
