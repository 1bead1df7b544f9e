import { graphql } from './gql'

export const UserErrorFieldsFragment = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`)

// Sent only when the live schema has these fields (this plugin's UI bundle).
export const NoticeRowFragment = graphql(`
  fragment NoticeRow on Notification {
    id
    title
    message
    severity
    startsAt
    endsAt
    isActive
    createdBy
    locations {
      id
      name
    }
  }
`)

export const NoticesQuery = graphql(`
  query Notices($first: Int!, $after: String, $activeOnly: Boolean!) {
    notifications(first: $first, after: $after, activeOnly: $activeOnly) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...NoticeRow
      }
    }
  }
`)

export const NoticeQuery = graphql(`
  query Notice($id: ID!) {
    notification(id: $id) {
      ...NoticeRow
    }
  }
`)

export const CreateNoticeMutation = graphql(`
  mutation CreateNotice($input: NotificationInput!) {
    createNotification(input: $input) {
      notification {
        ...NoticeRow
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const UpdateNoticeMutation = graphql(`
  mutation UpdateNotice($id: ID!, $input: NotificationUpdateInput!) {
    updateNotification(id: $id, input: $input) {
      notification {
        ...NoticeRow
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const DeleteNoticeMutation = graphql(`
  mutation DeleteNotice($id: ID!) {
    deleteNotification(id: $id) {
      deletedId
      errors {
        ...UserErrorFields
      }
    }
  }
`)
