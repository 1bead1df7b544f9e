import { describe, expect, it } from 'vitest'
import { schemaSupport } from './support'
import { field, named, objectType } from '@/test/schemaFixtures'

const schema = {
  type: async (name: string) =>
    name === 'UsbDevice' ? objectType('UsbDevice', [field('currentCheckout', named('UsbCheckout', 'OBJECT')), field('checkouts', named('UsbCheckout', 'OBJECT'))]) : null,
  rootFields: async () => ({ mutationFields: [field('checkInUsbDevice', named('UsbDevicePayload', 'OBJECT'))] }),
}

describe('schemaSupport', () => {
  it('is supported when every type and field exists, and lists the mutations that do', async () => {
    const support = await schemaSupport(schema, {
      fields: { UsbDevice: ['currentCheckout', 'checkouts'] },
      mutations: ['checkOutUsbDevice', 'checkInUsbDevice'],
    })
    expect(support.fields).toBe(true)
    expect([...support.mutations]).toEqual(['checkInUsbDevice'])
  })

  it('is not supported when a field or a whole type is missing', async () => {
    expect((await schemaSupport(schema, { fields: { UsbDevice: ['currentCheckout', 'holderEmail'] } })).fields).toBe(false)
    expect((await schemaSupport(schema, { fields: { UsbDevice: ['checkouts'], Printer: ['supplies'] } })).fields).toBe(false)
  })
})
