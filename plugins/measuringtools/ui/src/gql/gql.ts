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
    "\n  fragment MeasuringToolCalibrationFields on MeasuringToolCalibration {\n    id\n    performedAt\n    performedBy\n    result\n    certificate\n    notes\n  }\n": typeof types.MeasuringToolCalibrationFieldsFragmentDoc,
    "\n  fragment MeasuringToolCalibrations on MeasuringTool {\n    id\n    calibrationIntervalDays\n    lastCalibratedAt\n    nextCalibrationDue\n    calibrationOverdue\n    calibrations(first: $first) {\n      ...MeasuringToolCalibrationFields\n    }\n  }\n": typeof types.MeasuringToolCalibrationsFragmentDoc,
    "\n  query MeasuringToolCalibrations($id: ID!, $first: Int!) {\n    asset(id: $id) {\n      __typename\n      id\n      ... on MeasuringTool {\n        ...MeasuringToolCalibrations\n      }\n    }\n  }\n": typeof types.MeasuringToolCalibrationsDocument,
    "\n  mutation RecordCalibration($id: ID!, $input: CalibrationInput!, $first: Int!) {\n    recordCalibration(id: $id, input: $input) {\n      measuringTool {\n        ...MeasuringToolCalibrations\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RecordCalibrationDocument,
    "\n  query CalibrationsDue($withinDays: Int!) {\n    measuringToolsDueForCalibration(withinDays: $withinDays) {\n      __typename\n      id\n      assetTag\n      name\n      toolNumber\n      location {\n        id\n        name\n      }\n      calibrationIntervalDays\n      lastCalibratedAt\n      nextCalibrationDue\n      calibrationOverdue\n    }\n  }\n": typeof types.CalibrationsDueDocument,
};
const documents: Documents = {
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": types.UserErrorFieldsFragmentDoc,
    "\n  fragment MeasuringToolCalibrationFields on MeasuringToolCalibration {\n    id\n    performedAt\n    performedBy\n    result\n    certificate\n    notes\n  }\n": types.MeasuringToolCalibrationFieldsFragmentDoc,
    "\n  fragment MeasuringToolCalibrations on MeasuringTool {\n    id\n    calibrationIntervalDays\n    lastCalibratedAt\n    nextCalibrationDue\n    calibrationOverdue\n    calibrations(first: $first) {\n      ...MeasuringToolCalibrationFields\n    }\n  }\n": types.MeasuringToolCalibrationsFragmentDoc,
    "\n  query MeasuringToolCalibrations($id: ID!, $first: Int!) {\n    asset(id: $id) {\n      __typename\n      id\n      ... on MeasuringTool {\n        ...MeasuringToolCalibrations\n      }\n    }\n  }\n": types.MeasuringToolCalibrationsDocument,
    "\n  mutation RecordCalibration($id: ID!, $input: CalibrationInput!, $first: Int!) {\n    recordCalibration(id: $id, input: $input) {\n      measuringTool {\n        ...MeasuringToolCalibrations\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RecordCalibrationDocument,
    "\n  query CalibrationsDue($withinDays: Int!) {\n    measuringToolsDueForCalibration(withinDays: $withinDays) {\n      __typename\n      id\n      assetTag\n      name\n      toolNumber\n      location {\n        id\n        name\n      }\n      calibrationIntervalDays\n      lastCalibratedAt\n      nextCalibrationDue\n      calibrationOverdue\n    }\n  }\n": types.CalibrationsDueDocument,
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
export function graphql(source: "\n  fragment MeasuringToolCalibrationFields on MeasuringToolCalibration {\n    id\n    performedAt\n    performedBy\n    result\n    certificate\n    notes\n  }\n"): (typeof documents)["\n  fragment MeasuringToolCalibrationFields on MeasuringToolCalibration {\n    id\n    performedAt\n    performedBy\n    result\n    certificate\n    notes\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MeasuringToolCalibrations on MeasuringTool {\n    id\n    calibrationIntervalDays\n    lastCalibratedAt\n    nextCalibrationDue\n    calibrationOverdue\n    calibrations(first: $first) {\n      ...MeasuringToolCalibrationFields\n    }\n  }\n"): (typeof documents)["\n  fragment MeasuringToolCalibrations on MeasuringTool {\n    id\n    calibrationIntervalDays\n    lastCalibratedAt\n    nextCalibrationDue\n    calibrationOverdue\n    calibrations(first: $first) {\n      ...MeasuringToolCalibrationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MeasuringToolCalibrations($id: ID!, $first: Int!) {\n    asset(id: $id) {\n      __typename\n      id\n      ... on MeasuringTool {\n        ...MeasuringToolCalibrations\n      }\n    }\n  }\n"): (typeof documents)["\n  query MeasuringToolCalibrations($id: ID!, $first: Int!) {\n    asset(id: $id) {\n      __typename\n      id\n      ... on MeasuringTool {\n        ...MeasuringToolCalibrations\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordCalibration($id: ID!, $input: CalibrationInput!, $first: Int!) {\n    recordCalibration(id: $id, input: $input) {\n      measuringTool {\n        ...MeasuringToolCalibrations\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RecordCalibration($id: ID!, $input: CalibrationInput!, $first: Int!) {\n    recordCalibration(id: $id, input: $input) {\n      measuringTool {\n        ...MeasuringToolCalibrations\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CalibrationsDue($withinDays: Int!) {\n    measuringToolsDueForCalibration(withinDays: $withinDays) {\n      __typename\n      id\n      assetTag\n      name\n      toolNumber\n      location {\n        id\n        name\n      }\n      calibrationIntervalDays\n      lastCalibratedAt\n      nextCalibrationDue\n      calibrationOverdue\n    }\n  }\n"): (typeof documents)["\n  query CalibrationsDue($withinDays: Int!) {\n    measuringToolsDueForCalibration(withinDays: $withinDays) {\n      __typename\n      id\n      assetTag\n      name\n      toolNumber\n      location {\n        id\n        name\n      }\n      calibrationIntervalDays\n      lastCalibratedAt\n      nextCalibrationDue\n      calibrationOverdue\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;