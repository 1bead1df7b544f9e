import { existsSync, readdirSync } from 'node:fs'
import type { CodegenConfig } from '@graphql-codegen/cli'

// The server's printed schema (`shopdb schema export` → ../schema.graphql, committed).
export const SCHEMA = '../schema.graphql'

const preset = {
  preset: 'client' as const,
  presetConfig: { fragmentMasking: false },
  config: {
    scalars: { DateTime: 'string', JSON: 'unknown' },
    enumsAsTypes: true,
    useTypeImports: true,
    avoidOptionals: false,
    skipTypename: false,
  },
}

// Each bundled plugin's UI (../plugins/<name>/ui/src/operations.ts) gets typed documents of
// its own in ui/src/gql/, so its bundle carries them and the app knows none of them.
const pluginUis = readdirSync('../plugins', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`../plugins/${d.name}/ui/src/operations.ts`))
  .map((d) => `../plugins/${d.name}/ui/src`)

const config: CodegenConfig = {
  schema: SCHEMA,
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': { ...preset, documents: ['src/graphql/operations/**/*.ts'] },
    ...Object.fromEntries(pluginUis.map((dir) => [`${dir}/gql/`, { ...preset, documents: [`${dir}/operations.ts`] }])),
  },
}

export default config
