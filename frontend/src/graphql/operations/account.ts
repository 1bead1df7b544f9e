import { graphql } from '@/gql'

export const SingleSignOnQuery = graphql(`
  query SingleSignOn {
    singleSignOn {
      enabled
      buttonLabel
      loginUrl
      logoutUrl
      directory
    }
  }
`)

export const MyAccountQuery = graphql(`
  query MyAccount {
    me {
      id
      username
      displayName
      email
      role
      authSource
      lastLoginAt
      lastLoginAddress
    }
    mySessions {
      id
      createdAt
      lastUsedAt
      address
      userAgent
      current
    }
    myApiTokens {
      id
      name
      prefix
      scopes
      createdAt
      lastUsedAt
      expiresAt
      revokedAt
    }
  }
`)

export const ChangeMyPasswordMutation = graphql(`
  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {
    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      user {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const RevokeMySessionMutation = graphql(`
  mutation RevokeMySession($id: ID!) {
    revokeMySession(id: $id) {
      revoked
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const RevokeMyOtherSessionsMutation = graphql(`
  mutation RevokeMyOtherSessions {
    revokeMyOtherSessions {
      revoked
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const RevokeMyApiTokenMutation = graphql(`
  mutation RevokeMyApiToken($id: ID!) {
    revokeMyApiToken(id: $id) {
      apiToken {
        id
        revokedAt
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)
