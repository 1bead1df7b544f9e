/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": typeof types.UserErrorFieldsFragmentDoc,
    "\n  fragment NoticeRow on Notification {\n    id\n    title\n    message\n    severity\n    startsAt\n    endsAt\n    isActive\n    createdBy\n    locations {\n      id\n      name\n    }\n  }\n": typeof types.NoticeRowFragmentDoc,
    "\n  query Notices($first: Int!, $after: String, $activeOnly: Boolean!) {\n    notifications(first: $first, after: $after, activeOnly: $activeOnly) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...NoticeRow\n      }\n    }\n  }\n": typeof types.NoticesDocument,
    "\n  query Notice($id: ID!) {\n    notification(id: $id) {\n      ...NoticeRow\n    }\n  }\n": typeof types.NoticeDocument,
    "\n  mutation CreateNotice($input: NotificationInput!) {\n    createNotification(input: $input) {\n      notification {\n        ...NoticeRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CreateNoticeDocument,
    "\n  mutation UpdateNotice($id: ID!, $input: NotificationUpdateInput!) {\n    updateNotification(id: $id, input: $input) {\n      notification {\n        ...NoticeRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.UpdateNoticeDocument,
    "\n  mutation DeleteNotice($id: ID!) {\n    deleteNotification(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.DeleteNoticeDocument,
};
const documents: Documents = {
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": types.UserErrorFieldsFragmentDoc,
    "\n  fragment NoticeRow on Notification {\n    id\n    title\n    message\n    severity\n    startsAt\n    endsAt\n    isActive\n    createdBy\n    locations {\n      id\n      name\n    }\n  }\n": types.NoticeRowFragmentDoc,
    "\n  query Notices($first: Int!, $after: String, $activeOnly: Boolean!) {\n    notifications(first: $first, after: $after, activeOnly: $activeOnly) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...NoticeRow\n      }\n    }\n  }\n": types.NoticesDocument,
    "\n  query Notice($id: ID!) {\n    notification(id: $id) {\n      ...NoticeRow\n    }\n  }\n": types.NoticeDocument,
    "\n  mutation CreateNotice($input: NotificationInput!) {\n    createNotification(input: $input) {\n      notification {\n        ...NoticeRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CreateNoticeDocument,
    "\n  mutation UpdateNotice($id: ID!, $input: NotificationUpdateInput!) {\n    updateNotification(id: $id, input: $input) {\n      notification {\n        ...NoticeRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.UpdateNoticeDocument,
    "\n  mutation DeleteNotice($id: ID!) {\n    deleteNotification(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.DeleteNoticeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n"): (typeof documents)["\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NoticeRow on Notification {\n    id\n    title\n    message\n    severity\n    startsAt\n    endsAt\n    isActive\n    createdBy\n    locations {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment NoticeRow on Notification {\n    id\n    title\n    message\n    severity\n    startsAt\n    endsAt\n    isActive\n    createdBy\n    locations {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notices($first: Int!, $after: String, $activeOnly: Boolean!) {\n    notifications(first: $first, after: $after, activeOnly: $activeOnly) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...NoticeRow\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notices($first: Int!, $after: String, $activeOnly: Boolean!) {\n    notifications(first: $first, after: $after, activeOnly: $activeOnly) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...NoticeRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notice($id: ID!) {\n    notification(id: $id) {\n      ...NoticeRow\n    }\n  }\n"): (typeof documents)["\n  query Notice($id: ID!) {\n    notification(id: $id) {\n      ...NoticeRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateNotice($input: NotificationInput!) {\n    createNotification(input: $input) {\n      notification {\n        ...NoticeRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateNotice($input: NotificationInput!) {\n    createNotification(input: $input) {\n      notification {\n        ...NoticeRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotice($id: ID!, $input: NotificationUpdateInput!) {\n    updateNotification(id: $id, input: $input) {\n      notification {\n        ...NoticeRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNotice($id: ID!, $input: NotificationUpdateInput!) {\n    updateNotification(id: $id, input: $input) {\n      notification {\n        ...NoticeRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteNotice($id: ID!) {\n    deleteNotification(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteNotice($id: ID!) {\n    deleteNotification(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;