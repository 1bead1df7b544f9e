import { graphql } from '@/gql'

export const LocationRowFragment = graphql(`
  fragment LocationRow on Location {
    id
    name
    kind
    description
    parentId
    mapX
    mapY
    assetCount
  }
`)

export const LocationsQuery = graphql(`
  query Locations {
    locations {
      ...LocationRow
    }
  }
`)

export const CreateLocationMutation = graphql(`
  mutation CreateLocation($input: LocationInput!) {
    createLocation(input: $input) {
      location {
        ...LocationRow
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const UpdateLocationMutation = graphql(`
  mutation UpdateLocation($id: ID!, $input: LocationUpdateInput!) {
    updateLocation(id: $id, input: $input) {
      location {
        ...LocationRow
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const DeleteLocationMutation = graphql(`
  mutation DeleteLocation($id: ID!) {
    deleteLocation(id: $id) {
      deletedId
      errors {
        ...UserErrorFields
      }
    }
  }
`)
