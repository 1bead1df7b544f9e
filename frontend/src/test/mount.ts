import { shallowRef } from 'vue'
import type { Component } from 'vue'
import { mount } from '@vue/test-utils'
import type { Client } from '@urql/core'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Router } from 'vue-router'
import { createSession, SessionKey } from '@/auth/session'
import type { Session, SessionUser } from '@/auth/session'
import { IntrospectorKey } from '@/composables/useIntrospector'
import { SchemaIntrospector } from '@/schema/introspection'

export const ADMIN: SessionUser = { id: '1', username: 'admin', displayName: 'Ada Admin', role: 'ADMIN', authSource: 'LOCAL' }
export const VIEWER: SessionUser = { id: '3', username: 'viewer', displayName: null, role: 'VIEWER', authSource: 'LOCAL' }

export function testRouter(): Router {
  const Stub = { template: '<div />' }
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Stub },
      { path: '/login', name: 'login', component: Stub },
      { path: '/:rest(.*)*', component: Stub },
    ],
  })
}

/** Mounts `component` with a client, a session as `user`, an introspector and a router. */
export async function mountWith(
  component: Component,
  options: { client: Client; user?: SessionUser | null; props?: Record<string, unknown>; router?: Router; path?: string },
) {
  const router = options.router ?? testRouter()
  await router.push(options.path ?? '/')
  await router.isReady()
  const session: Session = createSession(() => options.client)
  session.user.value = options.user === undefined ? ADMIN : options.user
  session.ready.value = true
  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    global: {
      plugins: [router],
      provide: {
        $urql: shallowRef(options.client),
        [SessionKey as symbol]: session,
        [IntrospectorKey as symbol]: new SchemaIntrospector(() => options.client),
      },
    },
  })
  return { wrapper, router, session }
}

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
