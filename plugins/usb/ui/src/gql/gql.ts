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
    "\n  fragment UsbCheckoutFields on UsbCheckout {\n    id\n    holder\n    reason\n    checkedOutAt\n    dueAt\n    checkedInAt\n    checkedOutBy\n    checkedInBy\n    isOverdue\n  }\n": typeof types.UsbCheckoutFieldsFragmentDoc,
    "\n  fragment UsbDeviceLoan on UsbDevice {\n    id\n    currentCheckout {\n      ...UsbCheckoutFields\n    }\n    checkouts {\n      ...UsbCheckoutFields\n    }\n  }\n": typeof types.UsbDeviceLoanFragmentDoc,
    "\n  query UsbDeviceLoan($id: ID!) {\n    asset(id: $id) {\n      __typename\n      id\n      ... on UsbDevice {\n        ...UsbDeviceLoan\n      }\n    }\n  }\n": typeof types.UsbDeviceLoanDocument,
    "\n  mutation CheckOutUsbDevice($id: ID!, $holder: String!, $dueAt: DateTime!, $reason: String) {\n    checkOutUsbDevice(id: $id, holder: $holder, dueAt: $dueAt, reason: $reason) {\n      usbDevice {\n        ...UsbDeviceLoan\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CheckOutUsbDeviceDocument,
    "\n  mutation CheckInUsbDevice($id: ID!) {\n    checkInUsbDevice(id: $id) {\n      usbDevice {\n        ...UsbDeviceLoan\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CheckInUsbDeviceDocument,
};
const documents: Documents = {
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": types.UserErrorFieldsFragmentDoc,
    "\n  fragment UsbCheckoutFields on UsbCheckout {\n    id\n    holder\n    reason\n    checkedOutAt\n    dueAt\n    checkedInAt\n    checkedOutBy\n    checkedInBy\n    isOverdue\n  }\n": types.UsbCheckoutFieldsFragmentDoc,
    "\n  fragment UsbDeviceLoan on UsbDevice {\n    id\n    currentCheckout {\n      ...UsbCheckoutFields\n    }\n    checkouts {\n      ...UsbCheckoutFields\n    }\n  }\n": types.UsbDeviceLoanFragmentDoc,
    "\n  query UsbDeviceLoan($id: ID!) {\n    asset(id: $id) {\n      __typename\n      id\n      ... on UsbDevice {\n        ...UsbDeviceLoan\n      }\n    }\n  }\n": types.UsbDeviceLoanDocument,
    "\n  mutation CheckOutUsbDevice($id: ID!, $holder: String!, $dueAt: DateTime!, $reason: String) {\n    checkOutUsbDevice(id: $id, holder: $holder, dueAt: $dueAt, reason: $reason) {\n      usbDevice {\n        ...UsbDeviceLoan\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CheckOutUsbDeviceDocument,
    "\n  mutation CheckInUsbDevice($id: ID!) {\n    checkInUsbDevice(id: $id) {\n      usbDevice {\n        ...UsbDeviceLoan\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CheckInUsbDeviceDocument,
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
export function graphql(source: "\n  fragment UsbCheckoutFields on UsbCheckout {\n    id\n    holder\n    reason\n    checkedOutAt\n    dueAt\n    checkedInAt\n    checkedOutBy\n    checkedInBy\n    isOverdue\n  }\n"): (typeof documents)["\n  fragment UsbCheckoutFields on UsbCheckout {\n    id\n    holder\n    reason\n    checkedOutAt\n    dueAt\n    checkedInAt\n    checkedOutBy\n    checkedInBy\n    isOverdue\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UsbDeviceLoan on UsbDevice {\n    id\n    currentCheckout {\n      ...UsbCheckoutFields\n    }\n    checkouts {\n      ...UsbCheckoutFields\n    }\n  }\n"): (typeof documents)["\n  fragment UsbDeviceLoan on UsbDevice {\n    id\n    currentCheckout {\n      ...UsbCheckoutFields\n    }\n    checkouts {\n      ...UsbCheckoutFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsbDeviceLoan($id: ID!) {\n    asset(id: $id) {\n      __typename\n      id\n      ... on UsbDevice {\n        ...UsbDeviceLoan\n      }\n    }\n  }\n"): (typeof documents)["\n  query UsbDeviceLoan($id: ID!) {\n    asset(id: $id) {\n      __typename\n      id\n      ... on UsbDevice {\n        ...UsbDeviceLoan\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckOutUsbDevice($id: ID!, $holder: String!, $dueAt: DateTime!, $reason: String) {\n    checkOutUsbDevice(id: $id, holder: $holder, dueAt: $dueAt, reason: $reason) {\n      usbDevice {\n        ...UsbDeviceLoan\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CheckOutUsbDevice($id: ID!, $holder: String!, $dueAt: DateTime!, $reason: String) {\n    checkOutUsbDevice(id: $id, holder: $holder, dueAt: $dueAt, reason: $reason) {\n      usbDevice {\n        ...UsbDeviceLoan\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckInUsbDevice($id: ID!) {\n    checkInUsbDevice(id: $id) {\n      usbDevice {\n        ...UsbDeviceLoan\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CheckInUsbDevice($id: ID!) {\n    checkInUsbDevice(id: $id) {\n      usbDevice {\n        ...UsbDeviceLoan\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;