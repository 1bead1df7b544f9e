import type { AssetDetailQuery } from '@/gql/graphql'

export type AssetDetail = NonNullable<AssetDetailQuery['asset']>
export type Relationship = AssetDetail['relationships'][number]
export type HistoryEntry = AssetDetail['history'][number]
