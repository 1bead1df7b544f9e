import type { SearchQuery } from '@/gql/graphql'

export type SearchHit = SearchQuery['search'][number]

/** Where a search hit opens in the UI, or null when it has no page. */
export function hitLink(hit: SearchHit): string | null {
  if (hit.asset) return `/assets/${encodeURIComponent(hit.asset.id)}`
  if (hit.location) return `/map?location=${encodeURIComponent(hit.location.id)}`
  switch (hit.objectType.toLowerCase()) {
    case 'asset':
      return `/assets/${encodeURIComponent(hit.id)}`
    case 'location':
      return `/map?location=${encodeURIComponent(hit.id)}`
    case 'user':
      return '/admin/users'
    case 'plugin':
      return '/admin/plugins'
    default:
      return null
  }
}
