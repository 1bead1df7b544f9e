import { computed, ref, watch } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import { toValue } from 'vue'
import { useClientHandle } from '@urql/vue'
import { useIntrospector } from './useIntrospector'
import type { ColumnDef } from './useColumns'
import { ownFields } from '@/schema/kindFields'
import { isLeaf, unwrap } from '@/schema/types'
import { useLabels } from './useLabels'
import type { FieldInfo } from '@/schema/types'
import { listColumns } from '@/extensions/registry'

export const KIND_COLUMN_PREFIX = 'kind:'

/**
 * Extra list columns for one asset kind: its own scalar fields, found by introspection.
 * Values come from a second query with the list's variables, merged by asset id.
 */
export function useKindColumns(
  typeName: MaybeRefOrGetter<string | null>,
  variables: MaybeRefOrGetter<Record<string, unknown>>,
  wanted: MaybeRefOrGetter<string[]>,
) {
  const introspector = useIntrospector()
  const { client } = useClientHandle()
  const labels = useLabels()
  const fields = ref<FieldInfo[]>([])
  const values = ref<Map<string, Record<string, unknown>>>(new Map())

  watch(() => toValue(typeName), async (name) => {
    fields.value = []
    if (!name || name === 'GenericAsset') return
    const [type, iface] = await Promise.all([introspector.type(name), introspector.type('Asset')])
    fields.value = type ? ownFields(type, iface).filter((f) => isLeaf(f.type)) : []
  }, { immediate: true })

  // Columns plugins' UI bundles add to this kind (each reads a selection of its own).
  const extensions = computed(() => listColumns(toValue(typeName)))
  const columns = computed<ColumnDef[]>(() => [
    ...fields.value.map((f) => ({ key: `${KIND_COLUMN_PREFIX}${f.name}`, label: labels.value.field(toValue(typeName), f.name) })),
    ...extensions.value.map((c) => ({ key: c.id, label: c.label })),
  ])

  watch(
    () =>
      [toValue(typeName), JSON.stringify(toValue(variables)), toValue(wanted).join(','), fields.value.length, extensions.value.length] as const,
    async ([name, vars, wantedKeys]) => {
      const keys = wantedKeys.split(',')
      const names = keys
        .filter((k) => k.startsWith(KIND_COLUMN_PREFIX))
        .map((k) => k.slice(KIND_COLUMN_PREFIX.length))
        .filter((n) => fields.value.some((f) => f.name === n))
      const own = extensions.value.filter((c) => keys.includes(c.id))
      if (!name || names.length + own.length === 0) {
        values.value = new Map()
        return
      }
      const aliased = own.map((c, i) => `ext${i}: ${c.selection}`)
      const doc = `query AssetListKindColumns($filter: AssetFilter, $orderBy: [AssetOrder!], $first: Int, $after: String) {
  assets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    nodes { id ... on ${name} { ${[...names, ...aliased].join(' ')} } }
  }
}`
      const result = await client.query(doc, JSON.parse(vars) as Record<string, unknown>).toPromise()
      const nodes = (result.data as { assets?: { nodes: Record<string, unknown>[] } } | undefined)?.assets?.nodes ?? []
      // Enum values read as words (SHOP_FLOOR -> Shop floor), like everywhere else.
      const enums = fields.value.filter((f) => unwrap(f.type).kind === 'ENUM')
      for (const node of nodes) {
        for (const f of enums) {
          const raw = node[f.name]
          if (typeof raw === 'string') node[f.name] = labels.value.enumValue(unwrap(f.type).name, raw)
        }
        own.forEach((c, i) => {
          try {
            node[c.id] = c.value(node[`ext${i}`])
          } catch {
            node[c.id] = '—'
          }
        })
      }
      values.value = new Map(nodes.map((n) => [String(n.id), n]))
    },
    { immediate: true },
  )

  return { columns, values }
}
