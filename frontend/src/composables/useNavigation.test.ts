import { describe, expect, it } from 'vitest'
import { buildMenu, menuSignature } from './useNavigation'
import type { NavItem } from './useNavigation'

const item = (key: string, path: string, order: number, plugin: string | null = null): NavItem => ({
  key, label: key, path, icon: null, order, plugin,
})

describe('buildMenu', () => {
  it("sorts the server's items and fills in missing core pages the role allows", () => {
    const server = [item('Printers', '/printers', 50, 'printers'), item('Dash', '/', 0)]
    const viewer = buildMenu(server, 'VIEWER').map((i) => i.path)
    expect(viewer).toEqual(['/', '/assets', '/map', '/printers'])
    const admin = buildMenu(server, 'ADMIN')
    expect(admin.filter((i) => i.group === 'admin').map((i) => i.path)).toEqual([
      '/admin/plugins', '/admin/users', '/admin/tokens', '/admin/reference', '/admin/custom-fields', '/admin/webhooks',
      '/admin/audit',
    ])
  })
  it("puts the server's /admin items in the admin group and does not duplicate them", () => {
    const menu = buildMenu([item('Plugins', '/admin/plugins', 5)], 'ADMIN')
    expect(menu.filter((i) => i.path === '/admin/plugins')).toHaveLength(1)
    expect(menu.find((i) => i.path === '/admin/plugins')?.group).toBe('admin')
  })
})

describe('menuSignature', () => {
  it('changes when an entry comes or goes, not when the order does', () => {
    const a = [item('x', '/x', 1), item('y', '/y', 2)]
    expect(menuSignature(a)).toBe(menuSignature([...a].reverse()))
    expect(menuSignature(a)).not.toBe(menuSignature(a.slice(1)))
  })
})
