import { computed, onBeforeUnmount, onMounted, watch } from 'vue'
import type { ComputedRef } from 'vue'
import { NavigationDocument } from '@/gql/graphql'
import type { NavigationQuery } from '@/gql/graphql'
import { hasRole } from '@/auth/roles'
import type { Role } from '@/gql/graphql'
import { useSession } from '@/auth/session'
import { useSchemaQuery } from './useSchemaQuery'
import { bumpSchemaEpoch } from './useSchemaEpoch'

export type NavItem = NavigationQuery['navigation'][number] & { group?: 'admin' }

/** Core pages the menu always offers (to those allowed) when the server's list lacks them. */
export const CORE_PAGES: { item: NavItem; role: Role }[] = [
  { item: { key: 'core.dashboard', label: 'Dashboard', path: '/', icon: 'dashboard', order: 0, plugin: null }, role: 'VIEWER' },
  { item: { key: 'core.assets', label: 'Assets', path: '/assets', icon: 'assets', order: 10, plugin: null }, role: 'VIEWER' },
  { item: { key: 'core.map', label: 'Site map', path: '/map', icon: 'map', order: 20, plugin: null }, role: 'VIEWER' },
  { item: { key: 'core.plugins', label: 'Plugins', path: '/admin/plugins', icon: 'plugins', order: 900, plugin: null, group: 'admin' }, role: 'ADMIN' },
  { item: { key: 'core.users', label: 'Users', path: '/admin/users', icon: 'users', order: 910, plugin: null, group: 'admin' }, role: 'ADMIN' },
  { item: { key: 'core.tokens', label: 'API tokens', path: '/admin/tokens', icon: 'tokens', order: 920, plugin: null, group: 'admin' }, role: 'ADMIN' },
  { item: { key: 'core.reference', label: 'Reference data', path: '/admin/reference', icon: 'plugins', order: 925, plugin: null, group: 'admin' }, role: 'ADMIN' },
  { item: { key: 'core.customfields', label: 'Custom fields', path: '/admin/custom-fields', icon: 'plugins', order: 926, plugin: null, group: 'admin' }, role: 'ADMIN' },
  { item: { key: 'core.webhooks', label: 'Webhooks', path: '/admin/webhooks', icon: 'plugins', order: 927, plugin: null, group: 'admin' }, role: 'ADMIN' },
  { item: { key: 'core.audit', label: 'Audit log', path: '/admin/audit', icon: 'audit', order: 930, plugin: null, group: 'admin' }, role: 'ADMIN' },
]

/** The server's items, plus missing core pages the role allows, sorted by `order` then label. */
export function buildMenu(serverItems: readonly NavItem[], role: Role | null | undefined): NavItem[] {
  const paths = new Set(serverItems.map((i) => i.path))
  const items: NavItem[] = serverItems.map((i) => (i.path.startsWith('/admin') ? { ...i, group: 'admin' } : i))
  for (const { item, role: needed } of CORE_PAGES) {
    if (!paths.has(item.path) && hasRole(role, needed)) items.push(item)
  }
  return items.sort((a, b) => a.order - b.order || a.label.localeCompare(b.label))
}

export function menuSignature(items: readonly NavItem[]): string {
  return items.map((i) => `${i.key}@${i.path}`).sort().join('|')
}

const POLL_MS = 30_000

/**
 * The menu from the `navigation` query. It is re-read every 30 s and when the window
 * regains focus, so a plugin enabled elsewhere shows up without a reload; a changed
 * menu means a changed schema, so the schema epoch moves and dependants refetch.
 */
export function useNavigation(options: { live?: boolean } = {}): { items: ComputedRef<NavItem[]>; fetching: ComputedRef<boolean>; refetch: () => void } {
  const session = useSession()
  const query = useSchemaQuery({ query: NavigationDocument })
  const refetch = () => query.executeQuery({ requestPolicy: 'network-only' })
  let timer: ReturnType<typeof setInterval> | undefined
  let last: string | null = null

  watch(query.data, (data) => {
    if (!data) return
    const signature = menuSignature(data.navigation)
    if (last !== null && signature !== last) bumpSchemaEpoch()
    last = signature
  })
  onMounted(() => {
    if (options.live === false) return
    timer = setInterval(refetch, POLL_MS)
    window.addEventListener('focus', refetch)
  })
  onBeforeUnmount(() => {
    if (options.live === false) return
    clearInterval(timer)
    window.removeEventListener('focus', refetch)
  })

  return {
    items: computed(() => buildMenu(query.data.value?.navigation ?? [], session.user.value?.role)),
    fetching: computed(() => query.fetching.value),
    refetch,
  }
}
