import { describe, expect, it } from 'vitest'
import { planAssetForm, submitAssetForm, valuesQuery } from './assetForm'
import { fakeSchema, PRINTER } from '@/test/schemaFixtures'
import { mockClient } from '@/test/mockClient'

describe('planAssetForm', () => {
  it('edits with update<Type> and adds core-only fields through updateAsset', async () => {
    const plan = (await planAssetForm(fakeSchema, 'Printer', 'edit'))!
    expect(plan.primary.field).toBe('updatePrinter')
    expect(plan.primary.payloadSelection).toBe('errors { field message code } printer { id }')
    expect(plan.core?.field).toBe('updateAsset')
    expect(plan.core?.specs.map((s) => s.name)).toEqual(['statusId', 'locationId', 'notes'])
    expect(plan.fields.map((s) => s.name)).toEqual(['name', 'ipAddress', 'pagesPrinted', 'statusId', 'locationId', 'notes'])
  })
  it('falls back to updateAsset for a kind without its own mutation', async () => {
    const plan = (await planAssetForm(fakeSchema, 'GenericAsset', 'edit'))!
    expect(plan.primary.field).toBe('updateAsset')
    expect(plan.core).toBeNull()
  })
  it('cannot create a kind without create<Type>', async () => {
    expect(await planAssetForm(fakeSchema, 'GenericAsset', 'create')).toBeNull()
  })
})

describe('valuesQuery', () => {
  it('reads leaf fields and related ids', async () => {
    const plan = (await planAssetForm(fakeSchema, 'Printer', 'edit'))!
    const text = valuesQuery(PRINTER, plan.fields)
    expect(text).toContain('... on Printer { name ipAddress pagesPrinted status { id } location { id } notes }')
  })
})

describe('submitAssetForm', () => {
  it('sends the changed kind fields and core fields in two mutations and maps errors', async () => {
    const plan = (await planAssetForm(fakeSchema, 'Printer', 'edit'))!
    const sent: Record<string, unknown>[] = []
    const client = mockClient((op, _name, text) => {
      sent.push(op.variables as Record<string, unknown>)
      if (text.includes('updatePrinter')) {
        return { data: { updatePrinter: { __typename: 'PrinterPayload', printer: { __typename: 'Printer', id: '5' }, errors: [] } } }
      }
      return {
        data: {
          updateAsset: {
            __typename: 'AssetPayload', asset: null,
            errors: [{ __typename: 'UserError', field: ['input', 'notes'], message: 'Too long', code: 'INVALID' }],
          },
        },
      }
    })
    const initial = { name: 'P', ipAddress: '', pagesPrinted: '', statusId: 's1', locationId: '', notes: '' }
    const result = await submitAssetForm(client, plan, { ...initial, ipAddress: '10.1.1.1', notes: 'x'.repeat(5) }, { id: '5', initial })
    expect(sent).toEqual([
      { id: '5', input: { ipAddress: '10.1.1.1' } },
      { id: '5', input: { notes: 'xxxxx' } },
    ])
    expect(result).toEqual({ ok: false, id: '5', errors: { notes: ['Too long'] } })
  })

  it('creates, then returns the new id', async () => {
    const plan = (await planAssetForm(fakeSchema, 'Printer', 'create'))!
    const client = mockClient(() => ({
      data: { createPrinter: { __typename: 'PrinterPayload', printer: { __typename: 'Printer', id: '99' }, errors: [] } },
    }))
    const values = { name: 'New', ipAddress: '', paper: 'A4', colour: false, statusId: '', locationId: '', notes: '' }
    const result = await submitAssetForm(client, plan, values, {})
    expect(result).toEqual({ ok: true, id: '99', errors: {} })
  })

  it('stops before the server when a value cannot be converted', async () => {
    const plan = (await planAssetForm(fakeSchema, 'Printer', 'create'))!
    const client = mockClient(() => {
      throw new Error('must not be called')
    })
    const result = await submitAssetForm(client, plan, { name: '' }, {})
    expect(result.ok).toBe(false)
    expect(result.errors.name).toEqual(['Name is required.'])
  })
})

describe('required fields on edit', () => {
  it('requires fields that are non-null on the asset even though the update input is optional', async () => {
    const plan = (await planAssetForm(fakeSchema, 'Printer', 'edit'))!
    const required = plan.fields.filter((f) => f.required).map((f) => f.name)
    expect(required).toEqual(['name'])
  })
})
