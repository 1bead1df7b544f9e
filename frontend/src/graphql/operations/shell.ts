import { graphql } from '@/gql'

export const NavigationQuery = graphql(`
  query Navigation {
    navigation {
      key
      label
      path
      icon
      order
      plugin
    }
  }
`)

export const AssetKindsQuery = graphql(`
  query AssetKinds {
    assetKinds {
      kind
      label
      pluralLabel
      plugin
      typeName
      conditions {
        key
        label
      }
    }
  }
`)

export const DashboardQuery = graphql(`
  query Dashboard {
    dashboard {
      key
      title
      kind
      value
      text
      rows {
        label
        value
        link
      }
      link
      plugin
    }
  }
`)

export const ReferenceDataQuery = graphql(`
  query ReferenceData {
    assetStatuses {
      id
      code
      name
      retired
    }
    locations {
      id
      name
      kind
      parent {
        id
      }
      mapX
      mapY
      description
      floorPlan {
        url
        width
        height
      }
    }
  }
`)

export const SearchQuery = graphql(`
  query Search($text: String!, $first: Int) {
    search(text: $text, first: $first) {
      objectType
      id
      title
      subtitle
      asset {
        __typename
        id
        kind
      }
      location {
        id
      }
    }
  }
`)

export const LABELS = graphql(`
  query Labels {
    labels {
      fields {
        typeName
        field
        label
        column
      }
      enumValues {
        enum
        value
        label
      }
      relationshipTypes {
        type
        label
        inverseLabel
      }
    }
  }
`)

// The enabled plugins' UI bundles (src/extensions/loader.ts loads them).
export const UiExtensionsQuery = graphql(`
  query UiExtensions {
    uiExtensions {
      plugin
      version
      url
      apiVersion
      styles
    }
  }
`)
