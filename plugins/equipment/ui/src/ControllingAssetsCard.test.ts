import { describe, expect, it } from 'vitest'
import ControllingAssetsCard from './ControllingAssetsCard.vue'
import { mockClient, mountWith, schemaAnswers, settle } from '@shopdb/ui/testing'

const KINDS = [{ __typename: 'AssetKind', kind: 'computer', label: 'Computer', pluralLabel: 'Computers', plugin: 'computers', typeName: 'Computer' }]
const pc = (id: string, name: string) => ({
  __typename: 'Computer', id, assetTag: `PC-${id}`, name, kind: 'computer', status: { __typename: 'AssetStatus', id: 's1', name: 'In use' },
})

function client(controllers: unknown[], schema = { Equipment: ['controllingAssets'] }, sent: string[] = []) {
  return mockClient((op, name, text) => {
    sent.push(name)
    if (name === 'AssetKinds') return { data: { assetKinds: KINDS } }
    if (name === 'ControllingAssets') return { data: { asset: { __typename: 'Equipment', id: '9', controllingAssets: controllers } } }
    return schemaAnswers(schema)(op, name, text)
  })
}

describe('ControllingAssetsCard', () => {
  it('lists the PCs controlling the machine, each linking to its page', async () => {
    const { wrapper } = await mountWith(ControllingAssetsCard, { client: client([pc('3', 'CNC-PC 3'), pc('11', 'Cell PC 11')]), props: { assetId: '9' } })
    await settle()
    const links = wrapper.findAll('[data-testid="controlled-by"] a')
    expect(links.map((a) => [a.text(), a.attributes('href')])).toEqual([['CNC-PC 3', '/assets/3'], ['Cell PC 11', '/assets/11']])
    expect(wrapper.get('[data-testid="controlled-by"] li').text()).toContain('Computer · In use')
  })

  it('says when no PC controls it', async () => {
    const { wrapper } = await mountWith(ControllingAssetsCard, { client: client([]), props: { assetId: '9' } })
    await settle()
    expect(wrapper.get('[data-testid="controlled-by"]').text()).toContain('No PC controls this machine')
  })

  it('stays away when the schema has no Equipment.controllingAssets', async () => {
    const sent: string[] = []
    const { wrapper } = await mountWith(ControllingAssetsCard, { client: client([pc('3', 'x')], { Equipment: ['id'] }, sent), props: { assetId: '9' } })
    await settle()
    expect(sent).not.toContain('ControllingAssets')
    expect(wrapper.find('[data-testid="controlled-by"]').exists()).toBe(false)
  })
})
