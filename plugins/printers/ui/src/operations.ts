import { graphql } from './gql'

// Sent only when the live schema has Printer.supplies (this plugin's UI bundle).
export const PrinterSuppliesQuery = graphql(`
  query PrinterSupplies($id: ID!) {
    asset(id: $id) {
      __typename
      id
      ... on Printer {
        supplies {
          name
          level
          updatedAt
        }
      }
    }
  }
`)
