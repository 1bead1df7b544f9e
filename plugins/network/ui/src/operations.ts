import { graphql } from './gql'

export const UserErrorFieldsFragment = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`)

// Sent only when the live schema has these fields (this plugin's UI bundle).
export const SubnetFieldsFragment = graphql(`
  fragment SubnetFields on Subnet {
    id
    cidr
    vlanId
    name
    description
    gateway
  }
`)

export const SubnetsQuery = graphql(`
  query Subnets($first: Int!, $after: String) {
    subnets(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...SubnetFields
      }
    }
  }
`)

export const SubnetQuery = graphql(`
  query Subnet($id: ID!) {
    subnet(id: $id) {
      ...SubnetFields
    }
  }
`)

export const AssetsInSubnetQuery = graphql(`
  query AssetsInSubnet($id: ID!, $first: Int!, $after: String) {
    assetsInSubnet(subnetId: $id, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        __typename
        id
        assetTag
        name
        kind
        status {
          id
          name
        }
        location {
          id
          name
        }
      }
    }
  }
`)

export const CreateSubnetMutation = graphql(`
  mutation CreateSubnet($input: SubnetInput!) {
    createSubnet(input: $input) {
      subnet {
        ...SubnetFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const UpdateSubnetMutation = graphql(`
  mutation UpdateSubnet($id: ID!, $input: SubnetUpdateInput!) {
    updateSubnet(id: $id, input: $input) {
      subnet {
        ...SubnetFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const DeleteSubnetMutation = graphql(`
  mutation DeleteSubnet($id: ID!) {
    deleteSubnet(id: $id) {
      deletedId
      errors {
        ...UserErrorFields
      }
    }
  }
`)
