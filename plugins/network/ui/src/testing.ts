import { mockClient, schemaAnswers, type Answer, type Handler } from '@shopdb/ui/testing'

export const QUERY_FIELDS = ['subnets', 'subnet', 'assetsInSubnet']
export const MUTATIONS = ['createSubnet', 'updateSubnet', 'deleteSubnet']

export const subnet = (id: string, name: string, cidr: string, vlanId: number | null, gateway: string | null = null, description: string | null = null) => ({
  __typename: 'Subnet', id, name, cidr, vlanId, gateway, description,
})

export type Sent = { name: string; variables: Record<string, unknown> }

/** A client answering `answers` by operation name, and the schema: with the network plugin unless `enabled` is false. */
export function networkClient(answers: Record<string, Answer | ((variables: Record<string, unknown>) => Answer)>, sent: Sent[] = [], enabled = true) {
  const schema: Handler = enabled ? schemaAnswers({ Query: QUERY_FIELDS }, MUTATIONS) : schemaAnswers({ Query: ['assets'] })
  return mockClient((op, name, text) => {
    sent.push({ name, variables: op.variables })
    const answer = answers[name]
    if (answer) return typeof answer === 'function' ? answer(op.variables) : answer
    return schema(op, name, text)
  })
}
