import { computed } from 'vue'
import { useQuery } from '@urql/vue'
import { ReferenceDataDocument } from '@/gql/graphql'
import type { ReferenceDataQuery } from '@/gql/graphql'

export type LocationInfo = ReferenceDataQuery['locations'][number]
export type StatusInfo = ReferenceDataQuery['assetStatuses'][number]

/** Asset statuses and locations: the choices of filters and forms. */
export function useReferenceData() {
  const query = useQuery({ query: ReferenceDataDocument })
  return {
    statuses: computed<StatusInfo[]>(() => query.data.value?.assetStatuses ?? []),
    locations: computed<LocationInfo[]>(() => query.data.value?.locations ?? []),
    fetching: query.fetching,
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  }
}
