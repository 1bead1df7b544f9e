import { createApp, shallowRef, watch } from 'vue'
import urql from '@urql/vue'
import App from './App.vue'
import { createShopClient } from './graphql/client'
import { createSession, SessionKey } from './auth/session'
import { createAppRouter } from './router'
import { createIntrospector, IntrospectorKey } from './composables/useIntrospector'
import { useSchemaEpoch } from './composables/useSchemaEpoch'
import { createExtensionLoader } from './extensions/loader'
import { ExtensionLoaderKey } from './extensions/useExtensions'
import { exposeSharedModules } from './extensions/expose'
import { UiExtensionsDocument } from './gql/graphql'
import './styles/main.css'

// The client is swapped for a fresh one (empty cache) whenever the user changes.
const makeClient = () =>
  createShopClient({ onSessionExpired: () => session.expire(), subscriptions: true })
const client = shallowRef(makeClient())
const session = createSession(() => client.value, {
  onUserChange: () => {
    client.value = makeClient()
  },
})
exposeSharedModules()
// The router and the loader of plugins' UI bundles need each other: the router asks the
// loader lazily, once the first navigation starts.
const router = createAppRouter(session, undefined, () => loader)
// Plugins' UI bundles: loaded for a signed-in user, again when the schema generation moves
// (a plugin toggled anywhere), dropped at sign-out.
const loader = createExtensionLoader({
  router,
  list: async () => {
    if (!session.user.value) return []
    const result = await client.value.query(UiExtensionsDocument, {}, { requestPolicy: 'network-only' }).toPromise()
    if (!result.data) throw result.error ?? new Error('no answer')
    return result.data.uiExtensions
  },
})
async function resync() {
  loader.invalidate()
  const changed = await loader.ensure()
  const current = router.currentRoute.value
  // A page that appeared or went under the open URL: resolve it again.
  if (changed && (current.name === 'plugin-route' || String(current.name ?? '').startsWith('ext:'))) {
    await router.replace(current.fullPath)
  }
}
watch(useSchemaEpoch().epoch, () => void resync())

watch(session.user, (user) => {
  if (!user) loader.clear()
  else void resync()
  const current = router.currentRoute.value
  if (!user && !current.meta.public) {
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

const app = createApp(App)
app.use(urql, client)
app.provide(SessionKey, session)
app.provide(IntrospectorKey, createIntrospector(() => client.value))
app.provide(ExtensionLoaderKey, loader)
app.use(router)
app.mount('#app')
