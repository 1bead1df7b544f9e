/** In-memory demo data for the mock server: a few locations, statuses, users and assets. */
export type Role = 'ADMIN' | 'EDITOR' | 'VIEWER'

export interface MockUser { id: string; username: string; password: string; displayName: string | null; role: Role; active: boolean; createdAt: string; lastLoginAt: string | null }
export interface MockAsset {
  __typename: string; id: string; assetTag: string; name: string; kind: string; statusId: string; locationId: string | null
  serialNumber: string | null; mapX: number | null; mapY: number | null; notes: string | null
  createdAt: string; updatedAt: string; lastSeenAt: string | null; lastSeenSource: string | null
  extra: Record<string, unknown>
}
export interface MockAudit { id: string; createdAt: string; actorName: string; action: string; source: string; objectType: string; objectId: string; changes: { field: string; old: string | null; new: string | null }[] }

const now = '2024-05-01T08:00:00Z'

export function demoData() {
  const statuses = [
    { id: '1', code: 'in_use', name: 'In use' },
    { id: '2', code: 'spare', name: 'Spare' },
    { id: '3', code: 'repair', name: 'In repair' },
  ]
  const locations = [
    { id: '1', name: 'Hall 1', kind: 'building', parentId: null, mapX: 10, mapY: 10, description: null },
    { id: '2', name: 'Hall 2', kind: 'building', parentId: null, mapX: 80, mapY: 15, description: null },
    { id: '3', name: 'Bay 2A', kind: 'bay', parentId: '2', mapX: 70, mapY: 60, description: 'Milling' },
  ]
  const users: MockUser[] = [
    { id: '1', username: 'admin', password: 'admin', displayName: 'Ada Admin', role: 'ADMIN', active: true, createdAt: now, lastLoginAt: null },
    { id: '2', username: 'editor', password: 'editor', displayName: 'Ed Editor', role: 'EDITOR', active: true, createdAt: now, lastLoginAt: null },
    { id: '3', username: 'viewer', password: 'viewer', displayName: 'Vi Viewer', role: 'VIEWER', active: true, createdAt: now, lastLoginAt: null },
  ]
  const assets: MockAsset[] = []
  for (let i = 1; i <= 60; i++) {
    const computer = i % 3 !== 0
    assets.push({
      __typename: computer ? 'Computer' : 'GenericAsset',
      id: String(i),
      assetTag: `A-${String(i).padStart(4, '0')}`,
      name: computer ? `PC-${String(i).padStart(3, '0')}` : `Printer ${i}`,
      kind: computer ? 'computer' : 'printer',
      statusId: String((i % 3) + 1),
      locationId: String((i % 3) + 1),
      serialNumber: `SN${1000 + i}`,
      mapX: i % 4 === 0 ? 20 + i : null,
      mapY: i % 4 === 0 ? 30 + (i % 7) * 5 : null,
      notes: null,
      createdAt: now,
      updatedAt: now,
      lastSeenAt: null,
      lastSeenSource: null,
      extra: computer ? { hostname: `pc-${i}.plant.local`, operatingSystem: 'Windows 11', ramGb: 16, isVirtual: false } : {},
    })
  }
  const plugins = [
    { name: 'computers', version: '1.0.0', description: 'PCs and servers', enabled: true, error: null as string | null },
    { name: 'printers', version: '1.0.0', description: 'Printers', enabled: true, error: null as string | null },
    { name: 'legacy', version: '0.1.0', description: 'Broken on purpose', enabled: false, error: 'ImportError: no module named legacy_db' as string | null },
  ]
  return { statuses, locations, users, assets, plugins, audit: [] as MockAudit[], tokens: [] as Record<string, unknown>[] }
}
