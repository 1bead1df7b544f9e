import { ref, watch } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import { toValue } from 'vue'
import { useClientHandle } from '@urql/vue'
import { useIntrospector } from './useIntrospector'
import { useSchemaEpoch } from './useSchemaEpoch'
import {
  buildSelection, displayValue, kindDetailQuery, nestedTypeNames, ownFields, selectableFields,
} from '@/schema/kindFields'
import type { DisplayValue } from '@/schema/kindFields'
import { unwrap } from '@/schema/types'
import { useLabels } from './useLabels'
import type { TypeInfo } from '@/schema/types'

export interface KindFieldValue {
  name: string
  label: string
  description: string | null
  value: DisplayValue
}

/**
 * The asset kind's own fields and their values, found by introspecting `typeName`
 * (the asset's __typename) — so a plugin with no frontend code still gets its fields shown.
 */
export function useKindFields(
  typeName: MaybeRefOrGetter<string | null>,
  id: MaybeRefOrGetter<string>,
  hide: MaybeRefOrGetter<string[]> = [],
) {
  const introspector = useIntrospector()
  const { client } = useClientHandle()
  const { epoch } = useSchemaEpoch()
  const labels = useLabels()
  const fields = ref<KindFieldValue[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function load() {
    const name = toValue(typeName)
    const assetId = toValue(id)
    fields.value = []
    error.value = null
    if (!name || name === 'GenericAsset') return
    loading.value = true
    try {
      const [type, iface] = await Promise.all([introspector.type(name), introspector.type('Asset')])
      if (!type) return
      const own = ownFields(type, iface)
      const nested = new Map<string, TypeInfo>()
      for (const n of nestedTypeNames(own)) {
        const info = await introspector.type(n)
        if (info) nested.set(n, info)
      }
      const hidden = new Set(toValue(hide))
      const shown = selectableFields(own, nested).filter((f) => !hidden.has(f.name))
      if (shown.length === 0) return
      const result = await client
        .query(kindDetailQuery(name, buildSelection(shown, nested)), { id: assetId }, { requestPolicy: 'network-only' })
        .toPromise()
      if (result.error) throw result.error
      const asset = (result.data as { asset: Record<string, unknown> | null } | undefined)?.asset ?? {}
      fields.value = shown.map((f) => {
        const ref = unwrap(f.type)
        const raw = asset[f.name]
        const value = ref.kind === 'ENUM' && typeof raw === 'string'
          ? { text: labels.value.enumValue(ref.name, raw) }
          : displayValue(raw)
        return { name: f.name, label: labels.value.field(name, f.name), description: f.description, value }
      })
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    } finally {
      loading.value = false
    }
  }

  watch([() => toValue(typeName), () => toValue(id), epoch, labels], load, { immediate: true })
  return { fields, loading, error, reload: load }
}
