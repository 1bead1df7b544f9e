import { describe, expect, it } from 'vitest'
import PrinterSuppliesCard from './PrinterSuppliesCard.vue'
import { supplyBars } from './supplyLevels'
import { mockClient, mountWith, schemaAnswers, settle } from '@shopdb/ui/testing'

const supply = (name: string, level: number) => ({ __typename: 'PrinterSupply', name, level, updatedAt: '2026-11-20T06:00:00Z' })

describe('supplyBars', () => {
  it('clamps levels, flags the low ones and puts them first', () => {
    expect(supplyBars([supply('Drum unit', 80), supply('Black toner', 8), supply('Cyan toner', 140), supply('Yellow toner', -3)])).toEqual([
      { name: 'Black toner', level: 8, low: true },
      { name: 'Yellow toner', level: 0, low: true },
      { name: 'Cyan toner', level: 100, low: false },
      { name: 'Drum unit', level: 80, low: false },
    ])
    expect(supplyBars([supply('Black toner', 15)])[0]?.low).toBe(false)
  })
})

describe('PrinterSuppliesCard', () => {
  it('shows each supply as a labelled bar with low ones highlighted', async () => {
    const client = mockClient((op, name, text) =>
      schemaAnswers({ Printer: ['supplies'], PrinterSupply: ['name', 'level', 'updatedAt'] })(op, name, text)
      ?? (name === 'PrinterSupplies'
        ? { data: { asset: { __typename: 'Printer', id: '7', supplies: [supply('Drum unit', 55), supply('Black toner', 12)] } } }
        : undefined))
    const { wrapper } = await mountWith(PrinterSuppliesCard, { client, props: { assetId: '7' } })
    await settle()
    const items = wrapper.findAll('[data-testid="printer-supplies"] li')
    expect(items.map((i) => i.attributes('data-supply'))).toEqual(['Black toner', 'Drum unit'])
    expect(items[0]?.classes()).toContain('low')
    expect(items[0]?.text()).toContain('12 %low')
    expect(items[1]?.classes()).not.toContain('low')
    const meter = items[1]?.get('[role="meter"]')
    expect(meter?.attributes('aria-valuenow')).toBe('55')
    expect(meter?.get('.fill').attributes('style')).toContain('width: 55%')
    expect(wrapper.get(`#${meter?.attributes('aria-labelledby')}`).text()).toBe('Drum unit')
  })

  it('sends no supplies query to a schema without Printer.supplies', async () => {
    const sent: string[] = []
    const client = mockClient((op, name, text) => {
      sent.push(name)
      return schemaAnswers({ Printer: ['id', 'name'] })(op, name, text)
    })
    const { wrapper } = await mountWith(PrinterSuppliesCard, { client, props: { assetId: '7' } })
    await settle()
    expect(sent).not.toContain('PrinterSupplies')
    expect(wrapper.find('[data-testid="printer-supplies"]').exists()).toBe(false)
  })
})
