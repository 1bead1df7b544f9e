import { graphql } from '@/gql'

export const UserErrorFieldsFragment = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`)

export const SessionUserFragment = graphql(`
  fragment SessionUser on User {
    id
    username
    displayName
    role
    authSource
  }
`)

export const MeQuery = graphql(`
  query Me {
    me {
      ...SessionUser
    }
  }
`)

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      user {
        ...SessionUser
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const RefreshTokenMutation = graphql(`
  mutation RefreshToken {
    refreshToken {
      user {
        ...SessionUser
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const LogoutMutation = graphql(`
  mutation Logout {
    logout {
      ok
      errors {
        ...UserErrorFields
      }
    }
  }
`)
