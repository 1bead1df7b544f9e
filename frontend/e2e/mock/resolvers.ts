import { GraphQLError } from 'graphql'
import { demoData } from './data'
import type { MockAsset, MockUser, Role } from './data'

export interface Ctx { user: MockUser | null; setSession(user: MockUser | null): void }

const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2 }
const KINDS = [
  { kind: 'computer', label: 'Computer', pluralLabel: 'Computers', plugin: 'computers', typeName: 'Computer' },
  { kind: 'printer', label: 'Printer', pluralLabel: 'Printers', plugin: 'printers', typeName: 'GenericAsset' },
]

function need(ctx: Ctx, role: Role = 'VIEWER'): MockUser {
  if (!ctx.user) throw new GraphQLError('Authentication required', { extensions: { code: 'UNAUTHENTICATED' } })
  if (RANK[ctx.user.role] < RANK[role]) throw new GraphQLError(`Needs role ${role}`, { extensions: { code: 'FORBIDDEN' } })
  return ctx.user
}

const cursor = (n: number) => Buffer.from(`mock:${n}`).toString('base64')
const offset = (after?: string | null) => (after ? Number(Buffer.from(after, 'base64').toString().slice(5)) + 1 : 0)

function connection<T>(items: T[], first = 50, after?: string | null) {
  const start = offset(after)
  const page = items.slice(start, start + first)
  return {
    totalCount: items.length,
    nodes: page,
    edges: page.map((node, i) => ({ cursor: cursor(start + i), node })),
    pageInfo: { hasNextPage: start + page.length < items.length, hasPreviousPage: start > 0, startCursor: page.length ? cursor(start) : null, endCursor: page.length ? cursor(start + page.length - 1) : null },
  }
}

export function createRoot() {
  const db = demoData()
  let auditSeq = 0
  const enabled = (plugin: string) => db.plugins.find((p) => p.name === plugin)?.enabled ?? false
  const kinds = () => KINDS.filter((k) => enabled(k.plugin))
  const status = (id: string) => db.statuses.find((s) => s.id === id)!
  type Loc = (typeof db.locations)[number] & { parent: Loc | null }
  const location = (id: string | null): Loc | null => {
    const l = db.locations.find((x) => x.id === id)
    return l ? { ...l, parent: l.parentId ? location(l.parentId) : null } : null
  }

  function audit(ctx: Ctx, action: string, a: MockAsset, changes: { field: string; old: string | null; new: string | null }[]) {
    db.audit.unshift({ id: String(++auditSeq), createdAt: new Date().toISOString(), actorName: ctx.user?.username ?? 'anonymous', action, source: 'ui', objectType: 'Asset', objectId: a.id, changes })
  }

  function view(a: MockAsset): Record<string, unknown> {
    const typename = a.__typename === 'Computer' && !enabled('computers') ? 'GenericAsset' : a.__typename
    const loc = location(a.locationId)
    const position = a.mapX != null && a.mapY != null ? { x: a.mapX, y: a.mapY, source: 'ASSET' } : loc?.mapX != null ? { x: loc.mapX, y: loc.mapY, source: 'LOCATION' } : null
    return {
      ...a, ...a.extra, __typename: typename, status: status(a.statusId), location: loc, position, relationships: [],
      history: ({ first = 20 }: { first?: number }) => db.audit.filter((e) => e.objectType === 'Asset' && e.objectId === a.id).slice(0, first),
    }
  }

  function update(ctx: Ctx, id: string, input: Record<string, unknown>, payloadKey: string) {
    need(ctx, 'EDITOR')
    const a = db.assets.find((x) => x.id === id)
    if (!a) return { [payloadKey]: null, errors: [{ field: ['id'], message: `No asset ${id}`, code: 'NOT_FOUND' }] }
    if (input.name === '' || input.name === null) return { [payloadKey]: null, errors: [{ field: ['input', 'name'], message: 'Name must not be empty', code: 'REQUIRED' }] }
    if (typeof input.assetTag === 'string' && db.assets.some((x) => x.assetTag === input.assetTag && x.id !== id)) {
      return { [payloadKey]: null, errors: [{ field: ['input', 'assetTag'], message: `Asset tag ${input.assetTag} is already used`, code: 'CONFLICT' }] }
    }
    const changes: { field: string; old: string | null; new: string | null }[] = []
    for (const [key, value] of Object.entries(input)) {
      const target = key in a && key !== 'extra' ? (a as unknown as Record<string, unknown>) : a.extra
      const old = target[key] ?? null
      if (old !== value) changes.push({ field: key, old: old == null ? null : String(old), new: value == null ? null : String(value) })
      target[key] = value
    }
    a.updatedAt = new Date().toISOString()
    if (changes.length) audit(ctx, 'update', a, changes)
    return { [payloadKey]: view(a), errors: [] }
  }

  const filtered = (filter: Record<string, unknown> | null | undefined) => {
    const f = filter ?? {}
    const text = typeof f.text === 'string' ? f.text.toLowerCase() : ''
    return db.assets.filter((a) =>
      (!Array.isArray(f.kinds) || f.kinds.includes(a.kind)) &&
      (!Array.isArray(f.statuses) || f.statuses.includes(a.statusId)) &&
      (!Array.isArray(f.locations) || (a.locationId && f.locations.includes(a.locationId))) &&
      (!text || [a.name, a.assetTag, a.serialNumber ?? ''].some((v) => v.toLowerCase().includes(text))),
    )
  }
  const ORDER: Record<string, (a: MockAsset) => string> = {
    ASSET_TAG: (a) => a.assetTag, NAME: (a) => a.name, KIND: (a) => a.kind, STATUS: (a) => status(a.statusId).name,
    UPDATED_AT: (a) => a.updatedAt, CREATED_AT: (a) => a.createdAt, LAST_SEEN_AT: (a) => a.lastSeenAt ?? '', SERIAL_NUMBER: (a) => a.serialNumber ?? '',
  }

  return {
    me: (_: unknown, ctx: Ctx) => ctx.user,
    login: ({ username, password }: { username: string; password: string }, ctx: Ctx) => {
      const user = db.users.find((u) => u.username === username && u.password === password && u.active)
      if (!user) return { accessToken: null, refreshToken: null, user: null, errors: [{ field: ['password'], message: 'Wrong username or password', code: 'INVALID_CREDENTIALS' }] }
      ctx.setSession(user)
      return { accessToken: 'mock', refreshToken: 'mock', user, errors: [] }
    },
    refreshToken: (_: unknown, ctx: Ctx) => (ctx.user ? { user: ctx.user, errors: [] } : { user: null, errors: [{ field: null, message: 'No session', code: 'INVALID' }] }),
    logout: (_: unknown, ctx: Ctx) => { ctx.setSession(null); return { ok: true, errors: [] } },
    navigation: (_: unknown, ctx: Ctx) => {
      const user = need(ctx)
      const items = [
        { key: 'core.dashboard', label: 'Dashboard', path: '/', icon: 'dashboard', order: 0, plugin: null },
        { key: 'core.assets', label: 'Assets', path: '/assets', icon: 'assets', order: 10, plugin: null },
        { key: 'core.map', label: 'Site map', path: '/map', icon: 'map', order: 20, plugin: null },
        ...kinds().map((k, i) => ({ key: `${k.plugin}.list`, label: k.pluralLabel, path: `/${k.plugin}`, icon: k.plugin, order: 50 + i, plugin: k.plugin })),
      ]
      if (user.role === 'ADMIN') items.push({ key: 'core.plugins', label: 'Plugins', path: '/admin/plugins', icon: 'plugins', order: 900, plugin: null })
      return items
    },
    dashboard: (_: unknown, ctx: Ctx) => {
      need(ctx)
      return [
        { key: 'assets', title: 'Assets', kind: 'count', value: String(db.assets.length), text: null, rows: null, link: '/assets', plugin: null },
        { key: 'by-status', title: 'By status', kind: 'table', value: null, text: null, rows: db.statuses.map((s) => ({ label: s.name, value: String(db.assets.filter((a) => a.statusId === s.id).length) })), link: null, plugin: null },
        ...(enabled('computers') ? [{ key: 'computers', title: 'Computers', kind: 'count', value: String(db.assets.filter((a) => a.kind === 'computer').length), text: 'Managed by the computers plugin', rows: null, link: '/computers', plugin: 'computers' }] : []),
      ]
    },
    assetKinds: (_: unknown, ctx: Ctx) => (need(ctx), kinds()),
    assetStatuses: (_: unknown, ctx: Ctx) => (need(ctx), db.statuses),
    locations: (_: unknown, ctx: Ctx) => (need(ctx), db.locations.map((l) => location(l.id))),
    asset: ({ id }: { id: string }, ctx: Ctx) => { need(ctx); const a = db.assets.find((x) => x.id === id); return a ? view(a) : null },
    assets: (args: { filter?: Record<string, unknown>; orderBy?: { field: string; direction: string }[]; first?: number; after?: string }, ctx: Ctx) => {
      need(ctx)
      const order = args.orderBy?.[0] ?? { field: 'ASSET_TAG', direction: 'ASC' }
      const key = ORDER[order.field] ?? ORDER.ASSET_TAG!
      const rows = [...filtered(args.filter)].sort((a, b) => key(a).localeCompare(key(b)) * (order.direction === 'DESC' ? -1 : 1))
      return connection(rows.map(view), args.first ?? 50, args.after)
    },
    search: ({ text, first = 20 }: { text: string; first?: number }, ctx: Ctx) => {
      need(ctx)
      const t = text.toLowerCase()
      const assets = filtered({ text }).map((a) => ({ objectType: 'Asset', id: a.id, title: a.name, subtitle: a.assetTag, asset: view(a), location: null }))
      const locs = db.locations.filter((l) => l.name.toLowerCase().includes(t)).map((l) => ({ objectType: 'Location', id: l.id, title: l.name, subtitle: l.kind, asset: null, location: location(l.id) }))
      return [...assets, ...locs].slice(0, first)
    },
    updateAsset: ({ id, input }: { id: string; input: Record<string, unknown> }, ctx: Ctx) => update(ctx, id, input, 'asset'),
    updateComputer: ({ id, input }: { id: string; input: Record<string, unknown> }, ctx: Ctx) => update(ctx, id, input, 'computer'),
    plugins: (_: unknown, ctx: Ctx) => (need(ctx, 'ADMIN'), db.plugins.map((p) => ({ ...p, status: p.error ? 'FAILED' : p.enabled ? 'ENABLED' : 'DISABLED' }))),
    setPluginEnabled: ({ name, enabled: on }: { name: string; enabled: boolean }, ctx: Ctx) => {
      need(ctx, 'ADMIN')
      const p = db.plugins.find((x) => x.name === name)
      if (!p) return { plugin: null, errors: [{ field: ['name'], message: `No plugin ${name}`, code: 'NOT_FOUND' }] }
      if (p.error) return { plugin: null, errors: [{ field: ['name'], message: `${name} failed to load: ${p.error}`, code: 'PLUGIN_ERROR' }] }
      p.enabled = on
      return { plugin: { ...p, status: on ? 'ENABLED' : 'DISABLED' }, errors: [] }
    },
    users: (_: unknown, ctx: Ctx) => (need(ctx, 'ADMIN'), db.users),
    createUser: ({ input }: { input: { username: string; password: string; displayName?: string; role: Role } }, ctx: Ctx) => {
      need(ctx, 'ADMIN')
      if (db.users.some((u) => u.username === input.username)) return { user: null, errors: [{ field: ['input', 'username'], message: 'Username is taken', code: 'CONFLICT' }] }
      const user = { id: String(db.users.length + 1), username: input.username, password: input.password, displayName: input.displayName ?? null, role: input.role, active: true, createdAt: new Date().toISOString(), lastLoginAt: null }
      db.users.push(user)
      return { user, errors: [] }
    },
    apiTokens: (_: unknown, ctx: Ctx) => (need(ctx, 'ADMIN'), db.tokens),
    createApiToken: ({ input }: { input: { name: string; scopes: string[] } }, ctx: Ctx) => {
      need(ctx, 'ADMIN')
      const token = { id: String(db.tokens.length + 1), name: input.name, scopes: input.scopes, createdAt: new Date().toISOString(), expiresAt: null, lastUsedAt: null, revokedAt: null, owner: ctx.user }
      db.tokens.push(token)
      return { apiToken: token, secret: `shp_mock_${Math.random().toString(36).slice(2)}`, errors: [] }
    },
    auditLog: ({ first = 50, after }: { first?: number; after?: string }, ctx: Ctx) => (need(ctx, 'ADMIN'), connection(db.audit, first, after)),
  }
}
