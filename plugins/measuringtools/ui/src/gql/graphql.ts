/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A calibration that was carried out. */
export type CalibrationInput = {
  /** Certificate number. */
  certificate?: string | null | undefined;
  /** Free text. */
  notes?: string | null | undefined;
  /** When it was done (not in the future). */
  performedAt: string;
  /** Who did it (person or lab). */
  performedBy: string;
  /** PASS, FAIL or ADJUSTED. */
  result: CalibrationResult;
};

/** Outcome of a calibration. */
export type CalibrationResult =
  | 'ADJUSTED'
  | 'FAIL'
  | 'PASS';

/** Machine-readable reason of a UserError. */
export type ErrorCode =
  | 'AMBIGUOUS'
  | 'CONFLICT'
  | 'DIRECTORY_UNAVAILABLE'
  | 'INVALID'
  | 'INVALID_CREDENTIALS'
  | 'IN_USE'
  | 'LIMIT_EXCEEDED'
  | 'LOCKED'
  | 'NOT_FOUND'
  | 'PLUGIN_ERROR'
  | 'REQUIRED'
  | 'THROTTLED';

export type UserErrorFieldsFragment = { field: Array<string> | null, message: string, code: ErrorCode };

export type MeasuringToolCalibrationFieldsFragment = { id: string, performedAt: string, performedBy: string, result: CalibrationResult, certificate: string | null, notes: string | null };

export type MeasuringToolCalibrationsFragment = { id: string, calibrationIntervalDays: number | null, lastCalibratedAt: string | null, nextCalibrationDue: string | null, calibrationOverdue: boolean, calibrations: Array<{ id: string, performedAt: string, performedBy: string, result: CalibrationResult, certificate: string | null, notes: string | null }> };

export type MeasuringToolCalibrationsQueryVariables = Exact<{
  id: string | number;
  first: number;
}>;


export type MeasuringToolCalibrationsQuery = { asset:
    | { __typename: 'Computer', id: string }
    | { __typename: 'Equipment', id: string }
    | { __typename: 'GenericAsset', id: string }
    | { __typename: 'MeasuringTool', id: string, calibrationIntervalDays: number | null, lastCalibratedAt: string | null, nextCalibrationDue: string | null, calibrationOverdue: boolean, calibrations: Array<{ id: string, performedAt: string, performedBy: string, result: CalibrationResult, certificate: string | null, notes: string | null }> }
    | { __typename: 'NetworkDevice', id: string }
    | { __typename: 'Printer', id: string }
    | { __typename: 'UsbDevice', id: string }
   | null };

export type RecordCalibrationMutationVariables = Exact<{
  id: string | number;
  input: CalibrationInput;
  first: number;
}>;


export type RecordCalibrationMutation = { recordCalibration: { measuringTool: { id: string, calibrationIntervalDays: number | null, lastCalibratedAt: string | null, nextCalibrationDue: string | null, calibrationOverdue: boolean, calibrations: Array<{ id: string, performedAt: string, performedBy: string, result: CalibrationResult, certificate: string | null, notes: string | null }> } | null, errors: Array<{ field: Array<string> | null, message: string, code: ErrorCode }> } };

export type CalibrationsDueQueryVariables = Exact<{
  withinDays: number;
}>;


export type CalibrationsDueQuery = { measuringToolsDueForCalibration: Array<{ __typename: 'MeasuringTool', id: string, assetTag: string, name: string, toolNumber: string | null, calibrationIntervalDays: number | null, lastCalibratedAt: string | null, nextCalibrationDue: string | null, calibrationOverdue: boolean, location: { id: string, name: string } | null }> };

export const UserErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<UserErrorFieldsFragment, unknown>;
export const MeasuringToolCalibrationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MeasuringToolCalibrationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MeasuringToolCalibration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"performedAt"}},{"kind":"Field","name":{"kind":"Name","value":"performedBy"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"certificate"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}}]}}]} as unknown as DocumentNode<MeasuringToolCalibrationFieldsFragment, unknown>;
export const MeasuringToolCalibrationsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MeasuringToolCalibrations"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MeasuringTool"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationIntervalDays"}},{"kind":"Field","name":{"kind":"Name","value":"lastCalibratedAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextCalibrationDue"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"calibrations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MeasuringToolCalibrationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MeasuringToolCalibrationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MeasuringToolCalibration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"performedAt"}},{"kind":"Field","name":{"kind":"Name","value":"performedBy"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"certificate"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}}]}}]} as unknown as DocumentNode<MeasuringToolCalibrationsFragment, unknown>;
export const MeasuringToolCalibrationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MeasuringToolCalibrations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MeasuringTool"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MeasuringToolCalibrations"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MeasuringToolCalibrationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MeasuringToolCalibration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"performedAt"}},{"kind":"Field","name":{"kind":"Name","value":"performedBy"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"certificate"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MeasuringToolCalibrations"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MeasuringTool"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationIntervalDays"}},{"kind":"Field","name":{"kind":"Name","value":"lastCalibratedAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextCalibrationDue"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"calibrations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MeasuringToolCalibrationFields"}}]}}]}}]} as unknown as DocumentNode<MeasuringToolCalibrationsQuery, MeasuringToolCalibrationsQueryVariables>;
export const RecordCalibrationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordCalibration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CalibrationInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordCalibration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"measuringTool"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MeasuringToolCalibrations"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MeasuringToolCalibrationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MeasuringToolCalibration"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"performedAt"}},{"kind":"Field","name":{"kind":"Name","value":"performedBy"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"certificate"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MeasuringToolCalibrations"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MeasuringTool"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationIntervalDays"}},{"kind":"Field","name":{"kind":"Name","value":"lastCalibratedAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextCalibrationDue"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationOverdue"}},{"kind":"Field","name":{"kind":"Name","value":"calibrations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MeasuringToolCalibrationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<RecordCalibrationMutation, RecordCalibrationMutationVariables>;
export const CalibrationsDueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CalibrationsDue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withinDays"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"measuringToolsDueForCalibration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"withinDays"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withinDays"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"assetTag"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"toolNumber"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"calibrationIntervalDays"}},{"kind":"Field","name":{"kind":"Name","value":"lastCalibratedAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextCalibrationDue"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationOverdue"}}]}}]}}]} as unknown as DocumentNode<CalibrationsDueQuery, CalibrationsDueQueryVariables>;