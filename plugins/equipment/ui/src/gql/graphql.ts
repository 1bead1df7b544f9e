/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ControllingAssetsQueryVariables = Exact<{
  id: string | number;
}>;


export type ControllingAssetsQuery = { asset:
    | { __typename: 'Computer', id: string }
    | { __typename: 'Equipment', id: string, controllingAssets: Array<
        | { __typename: 'Computer', id: string, assetTag: string, name: string, kind: string, status: { id: string, name: string } }
        | { __typename: 'Equipment', id: string, assetTag: string, name: string, kind: string, status: { id: string, name: string } }
        | { __typename: 'GenericAsset', id: string, assetTag: string, name: string, kind: string, status: { id: string, name: string } }
        | { __typename: 'MeasuringTool', id: string, assetTag: string, name: string, kind: string, status: { id: string, name: string } }
        | { __typename: 'NetworkDevice', id: string, assetTag: string, name: string, kind: string, status: { id: string, name: string } }
        | { __typename: 'Printer', id: string, assetTag: string, name: string, kind: string, status: { id: string, name: string } }
        | { __typename: 'UsbDevice', id: string, assetTag: string, name: string, kind: string, status: { id: string, name: string } }
      > }
    | { __typename: 'GenericAsset', id: string }
    | { __typename: 'MeasuringTool', id: string }
    | { __typename: 'NetworkDevice', id: string }
    | { __typename: 'Printer', id: string }
    | { __typename: 'UsbDevice', id: string }
   | null };


export const ControllingAssetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ControllingAssets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Equipment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"controllingAssets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"assetTag"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ControllingAssetsQuery, ControllingAssetsQueryVariables>;