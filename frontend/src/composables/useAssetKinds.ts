import { computed } from 'vue'
import { AssetKindsDocument } from '@/gql/graphql'
import type { AssetKindsQuery } from '@/gql/graphql'
import { useSchemaQuery } from './useSchemaQuery'

export type AssetKindInfo = AssetKindsQuery['assetKinds'][number]

/** The asset kinds of enabled plugins: labels and the GraphQL type behind each kind. */
export function useAssetKinds() {
  const query = useSchemaQuery({ query: AssetKindsDocument })
  const kinds = computed<AssetKindInfo[]>(() => query.data.value?.assetKinds ?? [])
  const byKind = computed(() => new Map(kinds.value.map((k) => [k.kind, k])))
  return {
    kinds,
    fetching: query.fetching,
    error: query.error,
    find: (kind: string) => byKind.value.get(kind),
    label: (kind: string) => byKind.value.get(kind)?.label ?? kind,
  }
}
