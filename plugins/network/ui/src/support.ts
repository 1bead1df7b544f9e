import { useSchemaSupport } from '@shopdb/ui'

/** The words shown instead of a subnet page while the network plugin is disabled. */
export const UNAVAILABLE = {
  title: 'Subnets are not available — the network plugin is disabled.',
  hint: 'An administrator can enable it under Administration → Plugins.',
}

/** Whether the live schema has the subnet fields (the network plugin is enabled). */
export function useSubnetSupport() {
  return useSchemaSupport({
    fields: { Query: ['subnets', 'subnet', 'assetsInSubnet'] },
    mutations: ['createSubnet', 'updateSubnet', 'deleteSubnet'],
  })
}

/** Link to a subnet's page. */
export const subnetPath = (id: string) => `/network/subnets/${encodeURIComponent(id)}`
