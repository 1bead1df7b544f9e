import { readonly, ref } from 'vue'

/**
 * The server's schema changes at runtime (plugins enabled/disabled). Everything derived
 * from it — menu, kinds, dashboard, introspection — refetches when this number moves.
 */
const epoch = ref(0)

export function bumpSchemaEpoch(): void {
  epoch.value += 1
}

export function useSchemaEpoch() {
  return { epoch: readonly(epoch), bump: bumpSchemaEpoch }
}
