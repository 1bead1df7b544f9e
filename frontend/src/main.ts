import { createApp, shallowRef, watch } from 'vue'
import urql from '@urql/vue'
import App from './App.vue'
import { createShopClient } from './graphql/client'
import { createSession, SessionKey } from './auth/session'
import { createAppRouter } from './router'
import { createIntrospector, IntrospectorKey } from './composables/useIntrospector'
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
const router = createAppRouter(session)

watch(session.user, (user) => {
  const current = router.currentRoute.value
  if (!user && !current.meta.public) {
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

const app = createApp(App)
app.use(urql, client)
app.provide(SessionKey, session)
app.provide(IntrospectorKey, createIntrospector(() => client.value))
app.use(router)
app.mount('#app')
