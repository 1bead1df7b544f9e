import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { useSchemaEpoch } from './useSchemaEpoch'
import { useSchemaFollower } from './useSchemaFollower'

function serving(generations: number[]) {
  let i = 0
  return (async () => new Response(JSON.stringify({ status: 'ok', schemaGeneration: generations[Math.min(i++, generations.length - 1)] }))) as typeof fetch
}

describe('useSchemaFollower', () => {
  it('moves the schema epoch when the served generation changes, not before', async () => {
    const { epoch } = useSchemaEpoch()
    let follower: { check: () => Promise<void> } | undefined
    const Host = defineComponent({ setup() { follower = useSchemaFollower(serving([4, 4, 4, 5, 5])); return () => h('div') } })
    const start = epoch.value
    const wrapper = mount(Host)
    await flushPromises() // the check on mount: generation 4 remembered
    await follower!.check() // 4 again
    await follower!.check() // 4 again
    expect(epoch.value).toBe(start)
    await follower!.check() // 5: a plugin was toggled
    expect(epoch.value).toBe(start + 1)
    await follower!.check() // 5 again: no further refetch
    expect(epoch.value).toBe(start + 1)
    wrapper.unmount()
  })
})
