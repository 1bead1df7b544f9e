import { ref, watch } from 'vue'
import { useIntrospector } from './useIntrospector'
import { useSchemaEpoch } from './useSchemaEpoch'
import { schemaSupport } from '@/schema/support'
import type { SchemaNeeds } from '@/schema/support'

/**
 * Whether the live schema offers what an optional view needs; re-checked when the schema
 * epoch moves. `fields` stays false until checked (and when the check fails), so queries
 * paused on it are never sent to a schema without those fields.
 */
export function useSchemaSupport(needs: SchemaNeeds) {
  const introspector = useIntrospector()
  const { epoch } = useSchemaEpoch()
  const fields = ref(false)
  const checked = ref(false)
  const mutations = ref<Set<string>>(new Set())

  async function check() {
    try {
      const support = await schemaSupport(introspector, needs)
      fields.value = support.fields
      mutations.value = support.mutations
    } catch {
      fields.value = false
      mutations.value = new Set()
    } finally {
      checked.value = true
    }
  }

  watch(epoch, check, { immediate: true })
  return { fields, checked, has: (mutation: string) => mutations.value.has(mutation) }
}
