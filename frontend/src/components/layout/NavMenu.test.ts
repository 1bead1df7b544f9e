import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import NavMenu from './NavMenu.vue'
import { testRouter } from '@/test/mount'
import { buildMenu } from '@/composables/useNavigation'

describe('NavMenu', () => {
  it('renders one link per item with the plugin marked, admin entries grouped', async () => {
    const router = testRouter()
    await router.push('/')
    const items = buildMenu([{ key: 'printers', label: 'Printers', path: '/printers', icon: 'printer', order: 40, plugin: 'printers' }], 'ADMIN')
    const wrapper = mount(NavMenu, { props: { items }, global: { plugins: [router] } })
    const printers = wrapper.get('a[data-plugin="printers"]')
    expect(printers.text()).toContain('Printers')
    expect(printers.get('svg').attributes('data-icon')).toBe('printer')
    expect(printers.attributes('href')).toBe('/printers')
    expect(wrapper.get('h2').text()).toBe('Administration')
    expect(wrapper.findAll('ul')[1]!.text()).toContain('Plugins')
  })

  it('shows no admin group for a viewer', async () => {
    const router = testRouter()
    const wrapper = mount(NavMenu, { props: { items: buildMenu([], 'VIEWER') }, global: { plugins: [router] } })
    expect(wrapper.find('h2').exists()).toBe(false)
    expect(wrapper.findAll('a').map((a) => a.text())).toEqual(['Dashboard', 'Assets', 'Site map'])
    // Icons are inline SVG shipped with the app (font glyphs rendered as empty boxes on Debian).
    expect(wrapper.findAll('a svg').map((s) => s.attributes('data-icon'))).toEqual(['dashboard', 'assets', 'map'])
  })
})
