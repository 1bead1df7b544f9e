import { Client, makeResult } from '@urql/core'
import type { Exchange, Operation } from '@urql/core'
import { GraphQLError, print } from 'graphql'
import { filter, fromValue, map, mergeMap, pipe } from 'wonka'

export type Answer = { data?: unknown; errors?: { message: string; code?: string }[] }
export type Handler = (op: Operation & { variables: Record<string, unknown> }, name: string, text: string) => Answer | undefined

export function operationName(op: Operation): string {
  for (const def of op.query.definitions) {
    if (def.kind === 'OperationDefinition') return def.name?.value ?? ''
  }
  return ''
}

/** An exchange answering every operation from `handler` (unanswered ones get `data: null`). */
export function mockExchange(handler: Handler, calls: Operation[] = []): Exchange {
  return () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        calls.push(op)
        return pipe(
          fromValue(op),
          map((o) => {
            const withVars = Object.assign(o, { variables: (o.variables ?? {}) as Record<string, unknown> })
            const answer = handler(withVars, operationName(o), print(o.query)) ?? { data: null }
            if (answer.errors?.length) {
              const errors = answer.errors.map(
                (e) => new GraphQLError(e.message, { extensions: e.code ? { code: e.code } : {} }),
              )
              return makeResult(o, { data: answer.data ?? null, errors })
            }
            return makeResult(o, { data: answer.data ?? null })
          }),
        )
      }),
    )
}

export function mockClient(handler: Handler, calls: Operation[] = []): Client {
  return new Client({ url: '/graphql', exchanges: [mockExchange(handler, calls)] })
}
