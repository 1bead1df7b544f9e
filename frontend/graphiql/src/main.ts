/** GraphiQL with the explorer and docs panes, all bundled: nothing is loaded from a CDN. */
import 'graphiql/setup-workers/vite'
import 'graphiql/style.css'
import '@graphiql/plugin-explorer/style.css'
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql'
import { explorerPlugin } from '@graphiql/plugin-explorer'
import { shopdbFetcher } from './fetcher'

const DEFAULT_QUERY = `# shopdb-gql: signed in through the UI, you are signed in here too.
# Integrators: paste {"Authorization": "Bearer <token>"} into the Headers pane.
query Me {
  me { username role }
}
`

const container = document.getElementById('graphiql')
if (container) {
  createRoot(container).render(
    createElement(GraphiQL, {
      fetcher: shopdbFetcher(),
      plugins: [HISTORY_PLUGIN, explorerPlugin()],
      defaultQuery: DEFAULT_QUERY,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  )
}
