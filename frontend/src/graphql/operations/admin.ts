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

export const WebhookRowFragment = graphql(`
  fragment WebhookRow on Webhook {
    id
    name
    url
    events
    isActive
    createdAt
  }
`)

export const WebhooksQuery = graphql(`
  query Webhooks {
    webhooks { ...WebhookRow }
    webhookEventTypes { name description }
  }
`)

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($webhookId: ID) {
    webhookDeliveries(webhookId: $webhookId, first: 100) {
      id eventType status attempts responseCode error createdAt lastAttemptAt nextAttemptAt deliveredAt
    }
  }
`)

export const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($input: WebhookInput!) {
    createWebhook(input: $input) { webhook { ...WebhookRow } secret errors { field message code } }
  }
`)

export const UpdateWebhookMutation = graphql(`
  mutation UpdateWebhook($id: ID!, $input: WebhookUpdateInput!) {
    updateWebhook(id: $id, input: $input) { webhook { ...WebhookRow } errors { field message code } }
  }
`)

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) { deletedId errors { field message code } }
  }
`)

export const PingWebhookMutation = graphql(`
  mutation PingWebhook($id: ID!) {
    pingWebhook(id: $id) { delivery { id } errors { field message code } }
  }
`)

export const RedeliverWebhookDeliveryMutation = graphql(`
  mutation RedeliverWebhookDelivery($id: ID!) {
    redeliverWebhookDelivery(id: $id) { delivery { id status } errors { field message code } }
  }
`)
