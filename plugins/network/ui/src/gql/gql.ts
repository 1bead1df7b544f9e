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
    "\n  fragment SubnetFields on Subnet {\n    id\n    cidr\n    vlanId\n    name\n    description\n    gateway\n  }\n": typeof types.SubnetFieldsFragmentDoc,
    "\n  query Subnets($first: Int!, $after: String) {\n    subnets(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...SubnetFields\n      }\n    }\n  }\n": typeof types.SubnetsDocument,
    "\n  query Subnet($id: ID!) {\n    subnet(id: $id) {\n      ...SubnetFields\n    }\n  }\n": typeof types.SubnetDocument,
    "\n  query AssetsInSubnet($id: ID!, $first: Int!, $after: String) {\n    assetsInSubnet(subnetId: $id, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        __typename\n        id\n        assetTag\n        name\n        kind\n        status {\n          id\n          name\n        }\n        location {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AssetsInSubnetDocument,
    "\n  mutation CreateSubnet($input: SubnetInput!) {\n    createSubnet(input: $input) {\n      subnet {\n        ...SubnetFields\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CreateSubnetDocument,
    "\n  mutation UpdateSubnet($id: ID!, $input: SubnetUpdateInput!) {\n    updateSubnet(id: $id, input: $input) {\n      subnet {\n        ...SubnetFields\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.UpdateSubnetDocument,
    "\n  mutation DeleteSubnet($id: ID!) {\n    deleteSubnet(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.DeleteSubnetDocument,
};
const documents: Documents = {
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": types.UserErrorFieldsFragmentDoc,
    "\n  fragment SubnetFields on Subnet {\n    id\n    cidr\n    vlanId\n    name\n    description\n    gateway\n  }\n": types.SubnetFieldsFragmentDoc,
    "\n  query Subnets($first: Int!, $after: String) {\n    subnets(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...SubnetFields\n      }\n    }\n  }\n": types.SubnetsDocument,
    "\n  query Subnet($id: ID!) {\n    subnet(id: $id) {\n      ...SubnetFields\n    }\n  }\n": types.SubnetDocument,
    "\n  query AssetsInSubnet($id: ID!, $first: Int!, $after: String) {\n    assetsInSubnet(subnetId: $id, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        __typename\n        id\n        assetTag\n        name\n        kind\n        status {\n          id\n          name\n        }\n        location {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AssetsInSubnetDocument,
    "\n  mutation CreateSubnet($input: SubnetInput!) {\n    createSubnet(input: $input) {\n      subnet {\n        ...SubnetFields\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CreateSubnetDocument,
    "\n  mutation UpdateSubnet($id: ID!, $input: SubnetUpdateInput!) {\n    updateSubnet(id: $id, input: $input) {\n      subnet {\n        ...SubnetFields\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.UpdateSubnetDocument,
    "\n  mutation DeleteSubnet($id: ID!) {\n    deleteSubnet(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.DeleteSubnetDocument,
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
export function graphql(source: "\n  fragment SubnetFields on Subnet {\n    id\n    cidr\n    vlanId\n    name\n    description\n    gateway\n  }\n"): (typeof documents)["\n  fragment SubnetFields on Subnet {\n    id\n    cidr\n    vlanId\n    name\n    description\n    gateway\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Subnets($first: Int!, $after: String) {\n    subnets(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...SubnetFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Subnets($first: Int!, $after: String) {\n    subnets(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...SubnetFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Subnet($id: ID!) {\n    subnet(id: $id) {\n      ...SubnetFields\n    }\n  }\n"): (typeof documents)["\n  query Subnet($id: ID!) {\n    subnet(id: $id) {\n      ...SubnetFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetsInSubnet($id: ID!, $first: Int!, $after: String) {\n    assetsInSubnet(subnetId: $id, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        __typename\n        id\n        assetTag\n        name\n        kind\n        status {\n          id\n          name\n        }\n        location {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AssetsInSubnet($id: ID!, $first: Int!, $after: String) {\n    assetsInSubnet(subnetId: $id, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        __typename\n        id\n        assetTag\n        name\n        kind\n        status {\n          id\n          name\n        }\n        location {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSubnet($input: SubnetInput!) {\n    createSubnet(input: $input) {\n      subnet {\n        ...SubnetFields\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSubnet($input: SubnetInput!) {\n    createSubnet(input: $input) {\n      subnet {\n        ...SubnetFields\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSubnet($id: ID!, $input: SubnetUpdateInput!) {\n    updateSubnet(id: $id, input: $input) {\n      subnet {\n        ...SubnetFields\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSubnet($id: ID!, $input: SubnetUpdateInput!) {\n    updateSubnet(id: $id, input: $input) {\n      subnet {\n        ...SubnetFields\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSubnet($id: ID!) {\n    deleteSubnet(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSubnet($id: ID!) {\n    deleteSubnet(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;