import { createRouter, createWebHistory } from 'vue-router'
import type { RouteRecordRaw, Router, RouterHistory } from 'vue-router'
import type { Role } from '@/gql/graphql'
import type { Session } from '@/auth/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean
    /** Least role needed. */
    role?: Role
    title?: string
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue'), meta: { public: true, title: 'Log in' } },
  { path: '/', name: 'dashboard', component: () => import('@/pages/DashboardPage.vue'), meta: { title: 'Dashboard' } },
  { path: '/assets', name: 'assets', component: () => import('@/pages/AssetListPage.vue'), meta: { title: 'Assets' } },
  { path: '/assets/new', name: 'asset-create', component: () => import('@/pages/AssetCreatePage.vue'), meta: { role: 'EDITOR', title: 'New asset' } },
  { path: '/assets/:id', name: 'asset', component: () => import('@/pages/AssetDetailPage.vue'), props: true, meta: { title: 'Asset' } },
  { path: '/assets/:id/edit', name: 'asset-edit', component: () => import('@/pages/AssetEditPage.vue'), props: true, meta: { role: 'EDITOR', title: 'Edit asset' } },
  { path: '/map', name: 'map', component: () => import('@/pages/MapPage.vue'), meta: { title: 'Site map' } },
  { path: '/locations', name: 'locations', component: () => import('@/pages/LocationsPage.vue'), meta: { title: 'Locations' } },
  { path: '/search', name: 'search', component: () => import('@/pages/SearchPage.vue'), meta: { title: 'Search' } },
  { path: '/admin/plugins', name: 'admin-plugins', component: () => import('@/pages/admin/PluginsPage.vue'), meta: { role: 'ADMIN', title: 'Plugins' } },
  { path: '/admin/users', name: 'admin-users', component: () => import('@/pages/admin/UsersPage.vue'), meta: { role: 'ADMIN', title: 'Users' } },
  { path: '/admin/tokens', name: 'admin-tokens', component: () => import('@/pages/admin/ApiTokensPage.vue'), meta: { role: 'ADMIN', title: 'API tokens' } },
  { path: '/admin/reference', name: 'admin-reference', component: () => import('@/pages/admin/ReferenceDataPage.vue'), meta: { role: 'ADMIN', title: 'Reference data' } },
  { path: '/admin/custom-fields', name: 'admin-custom-fields', component: () => import('@/pages/admin/CustomFieldsPage.vue'), meta: { role: 'ADMIN', title: 'Custom fields' } },
  { path: '/admin/webhooks', name: 'admin-webhooks', component: () => import('@/pages/admin/WebhooksPage.vue'), meta: { role: 'ADMIN', title: 'Webhooks' } },
  { path: '/admin/audit', name: 'admin-audit', component: () => import('@/pages/admin/AuditLogPage.vue'), meta: { title: 'Audit log' } }, // auditLog is readable by every role
  { path: '/import/:kind', name: 'import', component: () => import('@/pages/ImportPage.vue'), props: true, meta: { role: 'EDITOR', title: 'Import' } },
  { path: '/account', name: 'account', component: () => import('@/pages/AccountPage.vue'), meta: { title: 'My account' } },
  { path: '/forbidden', name: 'forbidden', component: () => import('@/pages/ForbiddenPage.vue'), meta: { title: 'Not allowed' } },
  // Paths contributed by plugins' navigation items (e.g. /computers) land here.
  { path: '/:pathMatch(.*)*', name: 'plugin-route', component: () => import('@/pages/PluginRoutePage.vue'), meta: { title: 'shopdb' } },
]

/** Loads plugins' UI bundles (their pages are routes added at runtime). */
export interface RouteExtensions {
  /** Syncs the loaded bundles if out of date; whether anything changed. */
  ensure(): Promise<boolean>
}

export function createAppRouter(
  session: Session,
  history: RouterHistory = createWebHistory(),
  extensions: () => RouteExtensions | null = () => null,
): Router {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) })

  router.beforeEach(async (to) => {
    if (!session.ready.value) await session.load()
    const user = session.user.value
    if (to.meta.public) {
      if (to.name === 'login' && user) {
        const redirect = typeof to.query.redirect === 'string' ? to.query.redirect : '/'
        return redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : '/'
      }
      return true
    }
    if (!user) return { name: 'login', query: { redirect: to.fullPath } }
    // A plugin page is a route its bundle adds: a deep link waits for the bundles.
    const changed = await extensions()?.ensure()
    if (changed && to.name === 'plugin-route') return to.fullPath
    if (to.meta.role && !session.has(to.meta.role)) {
      return { name: 'forbidden', query: { from: to.fullPath } }
    }
    return true
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · shopdb` : 'shopdb'
  })
  return router
}
