import { defineConfig } from 'vite'

// GraphiQL as its own small app: built into ../dist/graphiql and served by the server at
// GET /graphql (shopdb_gql/web/graphiql.py), so the page needs no CDN and works offline.
export default defineConfig({
  base: '/graphiql/',
  build: {
    outDir: '../dist/graphiql',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      onwarn(warning, warn) {
        // React libraries' "use client" directives mean nothing outside server components.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning)
      },
    },
  },
  worker: { format: 'es' },
})
