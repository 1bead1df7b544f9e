import type { CodegenConfig } from '@graphql-codegen/cli'

// The server's printed schema (`shopdb schema export` → ../schema.graphql, committed).
export const SCHEMA = '../schema.graphql'

const config: CodegenConfig = {
  schema: SCHEMA,
  documents: ['src/graphql/operations/**/*.ts'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: false,
        skipTypename: false,
      },
    },
  },
}

export default config
