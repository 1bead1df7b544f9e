import { graphql } from './gql'

// Sent only when the live schema has Equipment.controllingAssets (this plugin's UI bundle).
export const ControllingAssetsQuery = graphql(`
  query ControllingAssets($id: ID!) {
    asset(id: $id) {
      __typename
      id
      ... on Equipment {
        controllingAssets {
          __typename
          id
          assetTag
          name
          kind
          status {
            id
            name
          }
        }
      }
    }
  }
`)
