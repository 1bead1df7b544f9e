import { graphql } from '@/gql'

export const AssetRowFragment = graphql(`
  fragment AssetRow on Asset {
    id
    assetTag
    name
    kind
    serialNumber
    status {
      id
      code
      name
    }
    location {
      id
      name
    }
    position {
      x
      y
      source
    }
    createdAt
    updatedAt
    lastSeenAt
  }
`)

export const AssetListQuery = graphql(`
  query AssetList($filter: AssetFilter, $orderBy: [AssetOrder!], $first: Int, $after: String) {
    assets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...AssetRow
      }
    }
  }
`)

export const AssetDetailQuery = graphql(`
  query AssetDetail($id: ID!, $historyFirst: Int) {
    asset(id: $id) {
      __typename
      ...AssetRow
      notes
      lastSeenSource
      lockedFields {
        field
        lockedAt
        lockedBy
      }
      relationships {
        id
        type
        inheritsPosition
        sourceId
        targetId
        source {
          id
          name
          kind
        }
        target {
          id
          name
          kind
        }
      }
      history(first: $historyFirst) {
        id
        createdAt
        actorName
        action
        source
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

export const AssetPickerQuery = graphql(`
  query AssetPicker($text: String!) {
    assets(filter: { text: $text }, first: 10) {
      nodes {
        id
        assetTag
        name
        kind
      }
    }
  }
`)

export const SetAssetPositionMutation = graphql(`
  mutation SetAssetPosition($id: ID!, $x: Float, $y: Float) {
    setAssetPosition(id: $id, x: $x, y: $y) {
      asset {
        id
        position {
          x
          y
          source
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const RelateAssetsMutation = graphql(`
  mutation RelateAssets($input: RelationshipInput!) {
    relateAssets(input: $input) {
      relationship {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const UnrelateAssetsMutation = graphql(`
  mutation UnrelateAssets($id: ID!) {
    unrelateAssets(id: $id) {
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const MapAssetsQuery = graphql(`
  query MapAssets($filter: AssetFilter) {
    assets(filter: $filter, first: 500) {
      totalCount
      nodes {
        id
        assetTag
        name
        kind
        status {
          id
          name
        }
        location {
          id
        }
        position {
          x
          y
          source
        }
      }
    }
  }
`)

export const DeleteAssetMutation = graphql(`
  mutation DeleteAsset($id: ID!) {
    deleteAsset(id: $id) {
      deletedId
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const UNLOCK_ASSET_FIELD = graphql(`
  mutation UnlockAssetField($assetId: ID!, $field: String!) {
    unlockAssetField(assetId: $assetId, field: $field) {
      unlocked
      errors {
        field
        message
        code
      }
    }
  }
`)

export const ASSET_LABEL = graphql(`
  query AssetLabel($id: ID!) {
    asset(id: $id) {
      id
      assetTag
      name
      kind
    }
  }
`)

export const SET_FLOOR_PLAN = graphql(`
  mutation SetFloorPlan($locationId: ID!, $input: FloorPlanInput!) {
    setFloorPlan(locationId: $locationId, input: $input) {
      floorPlan {
        url
        width
        height
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`)

export const REMOVE_FLOOR_PLAN = graphql(`
  mutation RemoveFloorPlan($locationId: ID!) {
    removeFloorPlan(locationId: $locationId) {
      errors {
        ...UserErrorFields
      }
    }
  }
`)
