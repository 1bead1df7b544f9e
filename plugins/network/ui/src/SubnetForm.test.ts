import { describe, expect, it } from 'vitest'
import SubnetForm from './SubnetForm.vue'
import SubnetEditPage from './SubnetEditPage.vue'
import { networkClient, subnet } from './testing'
import type { Sent } from './testing'
import { checkDraft, draftOf, updateInput } from './subnetForm'
import { mountWith, settle } from '@shopdb/ui/testing'

const SHOP = subnet('1', 'Shop floor', '10.10.1.0/24', 10, '10.10.1.1', 'Machines')
const ok = (field: 'createSubnet' | 'updateSubnet', s: ReturnType<typeof subnet>) => ({ data: { [field]: { __typename: 'SubnetPayload', subnet: s, errors: [] } } })

describe('SubnetForm', () => {
  it('creates a subnet with the VLAN as a number and empty fields as null', async () => {
    const sent: Sent[] = []
    const created = subnet('5', 'Paint shop', '10.10.5.0/24', 50)
    const { wrapper } = await mountWith(SubnetForm, { client: networkClient({ CreateSubnet: ok('createSubnet', created) }, sent) })
    await wrapper.get('#subnet-cidr').setValue(' 10.10.5.0/24 ')
    await wrapper.get('#subnet-name').setValue('Paint shop')
    await wrapper.get('#subnet-vlanId').setValue('50')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(sent.filter((s) => s.name === 'CreateSubnet').map((s) => s.variables)).toEqual([
      { input: { cidr: '10.10.5.0/24', name: 'Paint shop', vlanId: 50, gateway: null, description: null } },
    ])
    expect(wrapper.emitted('saved')).toEqual([[created]])
  })

  it('shows the server’s payload errors at their fields', async () => {
    const refused = {
      data: {
        createSubnet: {
          __typename: 'SubnetPayload', subnet: null,
          errors: [{ __typename: 'UserError', field: ['input', 'cidr'], message: "'10.10.5.1/24' is not a network in CIDR notation with host bits zero (e.g. 10.10.1.0/24)", code: 'INVALID' }],
        },
      },
    }
    const { wrapper } = await mountWith(SubnetForm, { client: networkClient({ CreateSubnet: refused }) })
    await wrapper.get('#subnet-cidr').setValue('10.10.5.1/24')
    await wrapper.get('#subnet-name').setValue('Paint shop')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.get('[data-field="subnet-cidr"] .error').text()).toContain('is not a network in CIDR notation')
    expect(wrapper.emitted('saved')).toBeUndefined()
  })

  it('shows a GraphQL error in the alert', async () => {
    const { wrapper } = await mountWith(SubnetForm, { client: networkClient({ CreateSubnet: { errors: [{ message: 'Not allowed', code: 'FORBIDDEN' }] } }) })
    await wrapper.get('#subnet-cidr').setValue('10.10.5.0/24')
    await wrapper.get('#subnet-name').setValue('Paint shop')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.get('.alert-error').text()).toContain('You do not have permission to do this.')
  })

  it('checks required fields and the VLAN range before sending anything', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(SubnetForm, { client: networkClient({}, sent) })
    await wrapper.get('#subnet-vlanId').setValue('5000')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.find('[data-field="subnet-cidr"] .error').exists()).toBe(true)
    expect(wrapper.find('[data-field="subnet-name"] .error').exists()).toBe(true)
    expect(wrapper.get('[data-field="subnet-vlanId"] .error').text()).toContain('1 to 4094')
    expect(sent.map((s) => s.name)).not.toContain('CreateSubnet')
  })

  it('updates only the changed fields, a cleared one as null', async () => {
    const sent: Sent[] = []
    const after = { ...SHOP, vlanId: 11, gateway: null }
    const { wrapper } = await mountWith(SubnetForm, { client: networkClient({ UpdateSubnet: ok('updateSubnet', after) }, sent), props: { subnet: SHOP } })
    expect((wrapper.get('#subnet-cidr').element as HTMLInputElement).value).toBe('10.10.1.0/24')
    await wrapper.get('#subnet-vlanId').setValue('11')
    await wrapper.get('#subnet-gateway').setValue('')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(sent.filter((s) => s.name === 'UpdateSubnet').map((s) => s.variables)).toEqual([{ id: '1', input: { vlanId: 11, gateway: null } }])
    expect(wrapper.emitted('saved')).toEqual([[after]])
  })
})

describe('subnetForm', () => {
  it('builds update inputs from what changed', () => {
    expect(updateInput(draftOf(SHOP), SHOP)).toEqual({})
    expect(updateInput({ ...draftOf(SHOP), vlanId: '', description: '  ', name: ' Shop floor 2 ' }, SHOP)).toEqual({ vlanId: null, description: null, name: 'Shop floor 2' })
    expect(updateInput({ ...draftOf(SHOP), vlanId: 10 }, SHOP)).toEqual({})
  })

  it('accepts VLANs 1 to 4094 or none', () => {
    const base = draftOf(SHOP)
    expect(checkDraft({ ...base, vlanId: '' })).toEqual({})
    expect(checkDraft({ ...base, vlanId: 4094 })).toEqual({})
    expect(Object.keys(checkDraft({ ...base, vlanId: '0' }))).toEqual(['vlanId'])
    expect(Object.keys(checkDraft({ ...base, vlanId: '1.5' }))).toEqual(['vlanId'])
  })
})

describe('SubnetEditPage', () => {
  it('loads the subnet into the form and goes to the subnet after saving', async () => {
    const sent: Sent[] = []
    const client = networkClient({ Subnet: { data: { subnet: SHOP } }, UpdateSubnet: ok('updateSubnet', { ...SHOP, name: 'Shop floor A' }) }, sent)
    const { wrapper, router } = await mountWith(SubnetEditPage, { client, props: { id: '1' }, path: '/network/subnets/1/edit' })
    await settle()
    expect((wrapper.get('#subnet-name').element as HTMLInputElement).value).toBe('Shop floor')
    await wrapper.get('#subnet-name').setValue('Shop floor A')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(sent.filter((s) => s.name === 'UpdateSubnet').map((s) => s.variables)).toEqual([{ id: '1', input: { name: 'Shop floor A' } }])
    expect(router.currentRoute.value.path).toBe('/network/subnets/1')
  })

  it('says subnets are not available without the network plugin', async () => {
    const { wrapper } = await mountWith(SubnetEditPage, { client: networkClient({}, [], false), path: '/network/subnets/new' })
    await settle()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('the network plugin is disabled')
    expect(wrapper.find('form').exists()).toBe(false)
  })
})
