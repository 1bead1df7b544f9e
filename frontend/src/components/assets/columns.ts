import type { AssetOrderField, AssetRowFragment } from '@/gql/graphql'
import type { ColumnDef } from '@/composables/useColumns'
import { formatDateTime } from '@/schema/kindFields'

export interface AssetColumn extends ColumnDef {
  sort?: AssetOrderField
  value?: (row: AssetRowFragment, kindLabel: (kind: string) => string) => string
}

const POSITION_SOURCES: Record<string, string> = {
  ASSET: 'own',
  RELATED_ASSET: 'from related asset',
  LOCATION: 'from location',
}

export function positionText(position: AssetRowFragment['position']): string {
  if (!position) return '—'
  const round = (n: number) => String(Math.round(n * 10) / 10)
  return `${round(position.x)}, ${round(position.y)} (${POSITION_SOURCES[position.source] ?? position.source})`
}

export const CORE_COLUMNS: AssetColumn[] = [
  { key: 'assetTag', label: 'Asset tag', default: true, sort: 'ASSET_TAG' },
  { key: 'name', label: 'Name', default: true, sort: 'NAME' },
  { key: 'kind', label: 'Kind', default: true, sort: 'KIND', value: (r, label) => label(r.kind) },
  { key: 'status', label: 'Status', default: true, sort: 'STATUS', value: (r) => r.status.name },
  { key: 'location', label: 'Location', default: true, value: (r) => r.location?.name ?? '—' },
  { key: 'serialNumber', label: 'Serial number', sort: 'SERIAL_NUMBER', value: (r) => r.serialNumber ?? '—' },
  { key: 'position', label: 'Map position', value: (r) => positionText(r.position) },
  { key: 'updatedAt', label: 'Updated', default: true, sort: 'UPDATED_AT', value: (r) => formatDateTime(r.updatedAt) },
  { key: 'createdAt', label: 'Created', sort: 'CREATED_AT', value: (r) => formatDateTime(r.createdAt) },
  { key: 'lastSeenAt', label: 'Last seen', sort: 'LAST_SEEN_AT', value: (r) => formatDateTime(r.lastSeenAt) },
]
