/** API answers shared by component tests. */
export const STATUS = { __typename: 'AssetStatus', id: 's1', code: 'in_use', name: 'In use' }

export const PRINTER_ROW = {
  __typename: 'Printer',
  id: '7',
  assetTag: 'A-0007',
  name: 'Laser 7',
  kind: 'printer',
  serialNumber: 'SN7',
  status: STATUS,
  location: { __typename: 'Location', id: 'l1', name: 'Hall 1' },
  position: { __typename: 'MapPosition', x: 10, y: 20, source: 'LOCATION' },
  createdAt: '2024-01-01T10:00:00Z',
  updatedAt: '2024-02-01T10:00:00Z',
  lastSeenAt: null,
}

export const PRINTER_DETAIL = {
  ...PRINTER_ROW,
  notes: 'Near the door',
  lastSeenSource: null,
  lockedFields: [{ __typename: 'FieldLock', field: 'serialnumber', lockedAt: '2024-02-01T10:00:00Z', lockedBy: 'ada' }],
  relationships: [],
  history: [
    {
      __typename: 'AuditEntry', id: 'h1', createdAt: '2024-02-01T10:00:00Z', actorName: 'ada', action: 'update', source: 'ui',
      changes: [{ __typename: 'ChangedField', field: 'notes', old: null, new: 'Near the door' }],
    },
  ],
}

export const KINDS = [
  { __typename: 'AssetKind', kind: 'printer', label: 'Printer', pluralLabel: 'Printers', plugin: 'printers', typeName: 'Printer',
    conditions: [{ __typename: 'AssetCondition', key: 'lowSupplies', label: 'Low on supplies' }] },
]

const scalar = (name: string) => ({ kind: 'SCALAR', name, ofType: null })
const f = (name: string, type: unknown) => ({ name, description: null, args: [], type })

/** __type answers for the Printer kind: Asset has id/name, Printer adds ipAddress. */
export function typeInfo(name: string) {
  const asset = [f('id', scalar('ID')), f('name', scalar('String'))]
  if (name === 'Asset') return { name, kind: 'INTERFACE', description: null, fields: asset, inputFields: null, enumValues: null, interfaces: [] }
  if (name === 'Printer') {
    return { name, kind: 'OBJECT', description: null, fields: [...asset, f('ipAddress', scalar('String'))], inputFields: null, enumValues: null, interfaces: [{ name: 'Asset' }] }
  }
  return null
}
