import { watch } from 'vue'
import { useQuery } from '@urql/vue'
import type { AnyVariables } from '@urql/core'
import type { UseQueryArgs } from '@urql/vue'
import { useSchemaEpoch } from './useSchemaEpoch'

/** useQuery for data that depends on which plugins are enabled: refetched on epoch bumps. */
export function useSchemaQuery<Data = unknown, Variables extends AnyVariables = AnyVariables>(
  args: UseQueryArgs<Data, Variables>,
) {
  const query = useQuery<Data, Variables>(args)
  const { epoch } = useSchemaEpoch()
  watch(epoch, () => query.executeQuery({ requestPolicy: 'network-only' }))
  return query
}
