import { describe, expect, it } from 'vitest'
import UsbLoanCard from './UsbLoanCard.vue'
import { VIEWER, mockClient, mountWith, schemaAnswers, settle, type Handler } from '@shopdb/ui/testing'

const SCHEMA = schemaAnswers(
  { UsbDevice: ['id', 'currentCheckout', 'checkouts'], UsbCheckout: ['holder', 'dueAt', 'isOverdue'] },
  ['checkOutUsbDevice', 'checkInUsbDevice'],
)
const checkout = (id: string, holder: string, checkedInAt: string | null, isOverdue = false) => ({
  __typename: 'UsbCheckout', id, holder, reason: 'Programs for M1001', checkedOutAt: '2026-11-01T08:00:00Z',
  dueAt: '2026-11-04T08:00:00Z', checkedInAt, checkedOutBy: 'ada', checkedInBy: checkedInAt ? 'ada' : null, isOverdue,
})
const PAST = checkout('c1', 'Bea', '2026-10-02T08:00:00Z')
const device = (current: ReturnType<typeof checkout> | null) => ({
  __typename: 'UsbDevice', id: '42', currentCheckout: current, checkouts: current ? [current, PAST] : [PAST],
})
const userError = (message: string, code: string, field: string[] | null) => ({ __typename: 'UserError', message, code, field })

type Sent = { name: string; variables: Record<string, unknown> }

/** A device that is out (or in) and mutations answered by `mutations`; the state follows successful ones. */
function client(out: boolean, mutations: Handler = () => undefined, sent: Sent[] = []) {
  let current = out ? checkout('c2', 'Carl', null, true) : null
  return mockClient((op, name, text) => {
    sent.push({ name, variables: op.variables })
    const schema = SCHEMA(op, name, text)
    if (schema) return schema
    if (name === 'UsbDeviceLoan') return { data: { asset: device(current) } }
    const answer = mutations(op, name, text)
    const payload = answer?.data as Record<string, { errors: unknown[] }> | undefined
    if (payload && !Object.values(payload)[0]?.errors.length) {
      current = name === 'CheckOutUsbDevice' ? checkout('c3', String(op.variables.holder), null) : null
      return { data: { [Object.keys(payload)[0] ?? '']: { __typename: 'UsbDevicePayload', usbDevice: device(current), errors: [] } } }
    }
    return answer
  })
}
const ok = (field: string): Handler => () => ({ data: { [field]: { __typename: 'UsbDevicePayload', usbDevice: null, errors: [] } } })

describe('UsbLoanCard', () => {
  it('shows who has the device and until when, overdue, and the past check-outs', async () => {
    const { wrapper } = await mountWith(UsbLoanCard, { client: client(true), props: { assetId: '42' } })
    await settle()
    const holder = wrapper.get('[data-testid="usb-holder"]').text()
    expect(holder).toContain('Out to Carl')
    expect(holder).toContain('overdue')
    expect(holder).toContain('Programs for M1001')
    const rows = wrapper.findAll('[data-testid="usb-checkouts"] tbody tr')
    expect(rows.map((r) => r.find('td').text())).toEqual(['CarlPrograms for M1001', 'BeaPrograms for M1001'])
    expect(rows[0]?.text()).toContain('still out')
  })

  it('checks the device in for an editor', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(UsbLoanCard, { client: client(true, ok('checkInUsbDevice'), sent), props: { assetId: '42' } })
    await settle()
    expect(wrapper.find('[data-testid="usb-checkout-form"]').exists()).toBe(false)
    await wrapper.get('[data-testid="usb-check-in"]').trigger('click')
    await settle()
    expect(sent.filter((s) => s.name === 'CheckInUsbDevice').map((s) => s.variables)).toEqual([{ id: '42' }])
    expect(wrapper.get('[role="status"]').text()).toBe('Checked in.')
    expect(wrapper.get('[data-testid="usb-holder"]').text()).toContain('nobody has it')
    expect(wrapper.find('[data-testid="usb-checkout-form"]').exists()).toBe(true)
  })

  it('checks a device out, showing a payload error at its field first', async () => {
    let attempt = 0
    const sent: Sent[] = []
    const mutations: Handler = () => {
      attempt += 1
      return attempt === 1
        ? { data: { checkOutUsbDevice: { __typename: 'UsbDevicePayload', usbDevice: null, errors: [userError('The due date must be a future time with a time zone', 'INVALID', ['dueAt'])] } } }
        : ok('checkOutUsbDevice')(undefined as never, '', '')
    }
    const { wrapper } = await mountWith(UsbLoanCard, { client: client(false, mutations, sent), props: { assetId: '42' } })
    await settle()
    await wrapper.get('[data-testid="usb-checkout-form"]').trigger('submit')
    expect(wrapper.get('[data-field="usb-holder"] .error').text()).toContain('Say who takes')
    expect(sent.some((s) => s.name === 'CheckOutUsbDevice')).toBe(false)

    await wrapper.get('#usb-holder').setValue('Dora')
    await wrapper.get('#usb-reason').setValue('Programs for M1002')
    await wrapper.get('#usb-due').setValue('2026-12-01T10:30')
    await wrapper.get('[data-testid="usb-checkout-form"]').trigger('submit')
    await settle()
    expect(wrapper.get('[data-field="usb-due"] .error').text()).toBe('The due date must be a future time with a time zone')

    await wrapper.get('[data-testid="usb-checkout-form"]').trigger('submit')
    await settle()
    const calls = sent.filter((s) => s.name === 'CheckOutUsbDevice').map((s) => s.variables)
    expect(calls).toHaveLength(2)
    expect(calls[1]).toEqual({ id: '42', holder: 'Dora', reason: 'Programs for M1002', dueAt: new Date('2026-12-01T10:30').toISOString() })
    expect(wrapper.get('[data-testid="usb-holder"]').text()).toContain('Out to Dora')
    expect(wrapper.get('[role="status"]').text()).toBe('Checked out to Dora.')
  })

  it('gives a viewer the state and history but no buttons', async () => {
    const { wrapper } = await mountWith(UsbLoanCard, { client: client(true), props: { assetId: '42' }, user: VIEWER })
    await settle()
    expect(wrapper.get('[data-testid="usb-holder"]').text()).toContain('Out to Carl')
    expect(wrapper.findAll('button')).toHaveLength(0)
    expect(wrapper.find('form').exists()).toBe(false)
  })

  it('sends nothing and shows nothing when the schema has no check-outs (usb plugin disabled)', async () => {
    const sent: string[] = []
    const bare = mockClient((op, name, text) => {
      sent.push(name)
      return schemaAnswers({})(op, name, text)
    })
    const { wrapper } = await mountWith(UsbLoanCard, { client: bare, props: { assetId: '42' } })
    await settle()
    expect(wrapper.find('[data-testid="usb-loan"]').exists()).toBe(false)
    expect(sent).not.toContain('UsbDeviceLoan')
    expect(sent).toContain('TypeInfo')
  })
})
