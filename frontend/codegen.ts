import type { CodegenConfig } from '@graphql-codegen/cli'

// The one line to change when the server's printed schema lands: '../schema.graphql'.
export const SCHEMA = './schema.local.graphql'

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
