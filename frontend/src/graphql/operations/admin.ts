import { graphql } from '@/gql'

export const PluginsQuery = graphql(`
  query Plugins {
    plugins {
      name
      version
      description
      enabled
      status
      error
    }
  }
`)

export const SetPluginEnabledMutation = graphql(`
  mutation SetPluginEnabled($name: String!, $enabled: Boolean!) {
    setPluginEnabled(name: $name, enabled: $enabled) {
      plugin {
        name
        version
        description
        enabled
        status
        error
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const UserRowFragment = graphql(`
  fragment UserRow on User {
    id
    username
    displayName
    role
    isActive
    createdAt
    lastLoginAt
    lastLoginAddress
    authSource
  }
`)

export const UsersQuery = graphql(`
  query Users {
    users {
      ...UserRow
    }
  }
`)

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: UserInput!) {
    createUser(input: $input) {
      user {
        ...UserRow
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($id: ID!, $input: UserUpdateInput!) {
    updateUser(id: $id, input: $input) {
      user {
        ...UserRow
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const ApiTokenRowFragment = graphql(`
  fragment ApiTokenRow on ApiToken {
    id
    name
    scopes
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
  }
`)

export const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens {
      ...ApiTokenRow
    }
  }
`)

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: ApiTokenInput!) {
    createApiToken(input: $input) {
      apiToken {
        ...ApiTokenRow
      }
      secret
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      apiToken {
        ...ApiTokenRow
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const AuditLogQuery = graphql(`
  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        createdAt
        actorName
        action
        source
        objectType
        objectId
        objectTitle
        changes {
          field
          label
          old
          new
        }
      }
    }
  }
`)
