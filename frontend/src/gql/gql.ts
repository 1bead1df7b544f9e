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
    "\n  query SingleSignOn {\n    singleSignOn {\n      enabled\n      buttonLabel\n      loginUrl\n      logoutUrl\n      directory\n    }\n  }\n": typeof types.SingleSignOnDocument,
    "\n  query MyAccount {\n    me {\n      id\n      username\n      displayName\n      email\n      role\n      authSource\n      lastLoginAt\n      lastLoginAddress\n    }\n    mySessions {\n      id\n      createdAt\n      lastUsedAt\n      address\n      userAgent\n      current\n    }\n    myApiTokens {\n      id\n      name\n      prefix\n      scopes\n      createdAt\n      lastUsedAt\n      expiresAt\n      revokedAt\n    }\n  }\n": typeof types.MyAccountDocument,
    "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      user {\n        id\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.ChangeMyPasswordDocument,
    "\n  mutation RevokeMySession($id: ID!) {\n    revokeMySession(id: $id) {\n      revoked\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RevokeMySessionDocument,
    "\n  mutation RevokeMyOtherSessions {\n    revokeMyOtherSessions {\n      revoked\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RevokeMyOtherSessionsDocument,
    "\n  mutation RevokeMyApiToken($id: ID!) {\n    revokeMyApiToken(id: $id) {\n      apiToken {\n        id\n        revokedAt\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RevokeMyApiTokenDocument,
    "\n  query Plugins {\n    plugins {\n      name\n      version\n      description\n      enabled\n      status\n      error\n    }\n  }\n": typeof types.PluginsDocument,
    "\n  mutation SetPluginEnabled($name: String!, $enabled: Boolean!) {\n    setPluginEnabled(name: $name, enabled: $enabled) {\n      plugin {\n        name\n        version\n        description\n        enabled\n        status\n        error\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.SetPluginEnabledDocument,
    "\n  fragment UserRow on User {\n    id\n    username\n    displayName\n    role\n    isActive\n    createdAt\n    lastLoginAt\n    lastLoginAddress\n    authSource\n  }\n": typeof types.UserRowFragmentDoc,
    "\n  query Users {\n    users {\n      ...UserRow\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($input: UserInput!) {\n    createUser(input: $input) {\n      user {\n        ...UserRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UserUpdateInput!) {\n    updateUser(id: $id, input: $input) {\n      user {\n        ...UserRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.UpdateUserDocument,
    "\n  fragment ApiTokenRow on ApiToken {\n    id\n    name\n    scopes\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiTokenRowFragmentDoc,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenRow\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: ApiTokenInput!) {\n    createApiToken(input: $input) {\n      apiToken {\n        ...ApiTokenRow\n      }\n      secret\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      apiToken {\n        ...ApiTokenRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        createdAt\n        actorName\n        action\n        source\n        objectType\n        objectId\n        objectTitle\n        changes {\n          field\n          label\n          old\n          new\n        }\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  fragment WebhookRow on Webhook {\n    id\n    name\n    url\n    events\n    isActive\n    createdAt\n  }\n": typeof types.WebhookRowFragmentDoc,
    "\n  query Webhooks {\n    webhooks { ...WebhookRow }\n    webhookEventTypes { name description }\n  }\n": typeof types.WebhooksDocument,
    "\n  query WebhookDeliveries($webhookId: ID) {\n    webhookDeliveries(webhookId: $webhookId, first: 100) {\n      id eventType status attempts responseCode error createdAt lastAttemptAt nextAttemptAt deliveredAt\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhook($input: WebhookInput!) {\n    createWebhook(input: $input) { webhook { ...WebhookRow } secret errors { field message code } }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: WebhookUpdateInput!) {\n    updateWebhook(id: $id, input: $input) { webhook { ...WebhookRow } errors { field message code } }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) { deletedId errors { field message code } }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation PingWebhook($id: ID!) {\n    pingWebhook(id: $id) { delivery { id } errors { field message code } }\n  }\n": typeof types.PingWebhookDocument,
    "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) { delivery { id status } errors { field message code } }\n  }\n": typeof types.RedeliverWebhookDeliveryDocument,
    "\n  fragment AssetRow on Asset {\n    id\n    assetTag\n    name\n    kind\n    serialNumber\n    status {\n      id\n      code\n      name\n    }\n    location {\n      id\n      name\n    }\n    position {\n      x\n      y\n      source\n    }\n    createdAt\n    updatedAt\n    lastSeenAt\n  }\n": typeof types.AssetRowFragmentDoc,
    "\n  query AssetList($filter: AssetFilter, $orderBy: [AssetOrder!], $first: Int, $after: String) {\n    assets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...AssetRow\n      }\n    }\n  }\n": typeof types.AssetListDocument,
    "\n  query AssetDetail($id: ID!, $historyFirst: Int) {\n    asset(id: $id) {\n      __typename\n      ...AssetRow\n      notes\n      lastSeenSource\n      lockedFields {\n        field\n        lockedAt\n        lockedBy\n      }\n      relationships {\n        id\n        type\n        inheritsPosition\n        sourceId\n        targetId\n        source {\n          id\n          name\n          kind\n        }\n        target {\n          id\n          name\n          kind\n        }\n      }\n      history(first: $historyFirst) {\n        id\n        createdAt\n        actorName\n        action\n        source\n        changes {\n          field\n          label\n          old\n          new\n        }\n      }\n    }\n  }\n": typeof types.AssetDetailDocument,
    "\n  query AssetPicker($text: String!) {\n    assets(filter: { text: $text }, first: 10) {\n      nodes {\n        id\n        assetTag\n        name\n        kind\n      }\n    }\n  }\n": typeof types.AssetPickerDocument,
    "\n  mutation SetAssetPosition($id: ID!, $x: Float, $y: Float) {\n    setAssetPosition(id: $id, x: $x, y: $y) {\n      asset {\n        id\n        position {\n          x\n          y\n          source\n        }\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.SetAssetPositionDocument,
    "\n  mutation RelateAssets($input: RelationshipInput!) {\n    relateAssets(input: $input) {\n      relationship {\n        id\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RelateAssetsDocument,
    "\n  mutation UnrelateAssets($id: ID!) {\n    unrelateAssets(id: $id) {\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.UnrelateAssetsDocument,
    "\n  query MapAssets($filter: AssetFilter) {\n    assets(filter: $filter, first: 500) {\n      totalCount\n      nodes {\n        id\n        assetTag\n        name\n        kind\n        status {\n          id\n          name\n        }\n        location {\n          id\n        }\n        position {\n          x\n          y\n          source\n        }\n      }\n    }\n  }\n": typeof types.MapAssetsDocument,
    "\n  mutation DeleteAsset($id: ID!) {\n    deleteAsset(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.DeleteAssetDocument,
    "\n  mutation UnlockAssetField($assetId: ID!, $field: String!) {\n    unlockAssetField(assetId: $assetId, field: $field) {\n      unlocked\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UnlockAssetFieldDocument,
    "\n  query AssetLabel($id: ID!) {\n    asset(id: $id) {\n      id\n      assetTag\n      name\n      kind\n    }\n  }\n": typeof types.AssetLabelDocument,
    "\n  mutation SetFloorPlan($locationId: ID!, $input: FloorPlanInput!) {\n    setFloorPlan(locationId: $locationId, input: $input) {\n      floorPlan {\n        url\n        width\n        height\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.SetFloorPlanDocument,
    "\n  mutation RemoveFloorPlan($locationId: ID!) {\n    removeFloorPlan(locationId: $locationId) {\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RemoveFloorPlanDocument,
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": typeof types.UserErrorFieldsFragmentDoc,
    "\n  fragment SessionUser on User {\n    id\n    username\n    displayName\n    role\n    authSource\n  }\n": typeof types.SessionUserFragmentDoc,
    "\n  query Me {\n    me {\n      ...SessionUser\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      user {\n        ...SessionUser\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RefreshToken {\n    refreshToken {\n      user {\n        ...SessionUser\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.LogoutDocument,
    "\n  fragment LocationRow on Location {\n    id\n    name\n    kind\n    description\n    parentId\n    mapX\n    mapY\n    assetCount\n  }\n": typeof types.LocationRowFragmentDoc,
    "\n  query Locations {\n    locations {\n      ...LocationRow\n    }\n  }\n": typeof types.LocationsDocument,
    "\n  mutation CreateLocation($input: LocationInput!) {\n    createLocation(input: $input) {\n      location {\n        ...LocationRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.CreateLocationDocument,
    "\n  mutation UpdateLocation($id: ID!, $input: LocationUpdateInput!) {\n    updateLocation(id: $id, input: $input) {\n      location {\n        ...LocationRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.UpdateLocationDocument,
    "\n  mutation DeleteLocation($id: ID!) {\n    deleteLocation(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": typeof types.DeleteLocationDocument,
    "\n  query Navigation {\n    navigation {\n      key\n      label\n      path\n      icon\n      order\n      plugin\n    }\n  }\n": typeof types.NavigationDocument,
    "\n  query AssetKinds {\n    assetKinds {\n      kind\n      label\n      pluralLabel\n      plugin\n      typeName\n      conditions {\n        key\n        label\n      }\n    }\n  }\n": typeof types.AssetKindsDocument,
    "\n  query Dashboard {\n    dashboard {\n      key\n      title\n      kind\n      value\n      text\n      rows {\n        label\n        value\n        link\n      }\n      link\n      plugin\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query ReferenceData {\n    assetStatuses {\n      id\n      code\n      name\n      retired\n    }\n    locations {\n      id\n      name\n      kind\n      parent {\n        id\n      }\n      mapX\n      mapY\n      description\n      floorPlan {\n        url\n        width\n        height\n      }\n    }\n  }\n": typeof types.ReferenceDataDocument,
    "\n  query Search($text: String!, $first: Int) {\n    search(text: $text, first: $first) {\n      objectType\n      id\n      title\n      subtitle\n      asset {\n        __typename\n        id\n        kind\n      }\n      location {\n        id\n      }\n    }\n  }\n": typeof types.SearchDocument,
    "\n  query Labels {\n    labels {\n      fields {\n        typeName\n        field\n        label\n        column\n      }\n      enumValues {\n        enum\n        value\n        label\n      }\n      relationshipTypes {\n        type\n        label\n        inverseLabel\n      }\n    }\n  }\n": typeof types.LabelsDocument,
    "\n  query UiExtensions {\n    uiExtensions {\n      plugin\n      version\n      url\n      apiVersion\n      styles\n    }\n  }\n": typeof types.UiExtensionsDocument,
};
const documents: Documents = {
    "\n  query SingleSignOn {\n    singleSignOn {\n      enabled\n      buttonLabel\n      loginUrl\n      logoutUrl\n      directory\n    }\n  }\n": types.SingleSignOnDocument,
    "\n  query MyAccount {\n    me {\n      id\n      username\n      displayName\n      email\n      role\n      authSource\n      lastLoginAt\n      lastLoginAddress\n    }\n    mySessions {\n      id\n      createdAt\n      lastUsedAt\n      address\n      userAgent\n      current\n    }\n    myApiTokens {\n      id\n      name\n      prefix\n      scopes\n      createdAt\n      lastUsedAt\n      expiresAt\n      revokedAt\n    }\n  }\n": types.MyAccountDocument,
    "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      user {\n        id\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.ChangeMyPasswordDocument,
    "\n  mutation RevokeMySession($id: ID!) {\n    revokeMySession(id: $id) {\n      revoked\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RevokeMySessionDocument,
    "\n  mutation RevokeMyOtherSessions {\n    revokeMyOtherSessions {\n      revoked\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RevokeMyOtherSessionsDocument,
    "\n  mutation RevokeMyApiToken($id: ID!) {\n    revokeMyApiToken(id: $id) {\n      apiToken {\n        id\n        revokedAt\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RevokeMyApiTokenDocument,
    "\n  query Plugins {\n    plugins {\n      name\n      version\n      description\n      enabled\n      status\n      error\n    }\n  }\n": types.PluginsDocument,
    "\n  mutation SetPluginEnabled($name: String!, $enabled: Boolean!) {\n    setPluginEnabled(name: $name, enabled: $enabled) {\n      plugin {\n        name\n        version\n        description\n        enabled\n        status\n        error\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.SetPluginEnabledDocument,
    "\n  fragment UserRow on User {\n    id\n    username\n    displayName\n    role\n    isActive\n    createdAt\n    lastLoginAt\n    lastLoginAddress\n    authSource\n  }\n": types.UserRowFragmentDoc,
    "\n  query Users {\n    users {\n      ...UserRow\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($input: UserInput!) {\n    createUser(input: $input) {\n      user {\n        ...UserRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UserUpdateInput!) {\n    updateUser(id: $id, input: $input) {\n      user {\n        ...UserRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.UpdateUserDocument,
    "\n  fragment ApiTokenRow on ApiToken {\n    id\n    name\n    scopes\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiTokenRowFragmentDoc,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenRow\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: ApiTokenInput!) {\n    createApiToken(input: $input) {\n      apiToken {\n        ...ApiTokenRow\n      }\n      secret\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      apiToken {\n        ...ApiTokenRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        createdAt\n        actorName\n        action\n        source\n        objectType\n        objectId\n        objectTitle\n        changes {\n          field\n          label\n          old\n          new\n        }\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  fragment WebhookRow on Webhook {\n    id\n    name\n    url\n    events\n    isActive\n    createdAt\n  }\n": types.WebhookRowFragmentDoc,
    "\n  query Webhooks {\n    webhooks { ...WebhookRow }\n    webhookEventTypes { name description }\n  }\n": types.WebhooksDocument,
    "\n  query WebhookDeliveries($webhookId: ID) {\n    webhookDeliveries(webhookId: $webhookId, first: 100) {\n      id eventType status attempts responseCode error createdAt lastAttemptAt nextAttemptAt deliveredAt\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation CreateWebhook($input: WebhookInput!) {\n    createWebhook(input: $input) { webhook { ...WebhookRow } secret errors { field message code } }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: WebhookUpdateInput!) {\n    updateWebhook(id: $id, input: $input) { webhook { ...WebhookRow } errors { field message code } }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) { deletedId errors { field message code } }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation PingWebhook($id: ID!) {\n    pingWebhook(id: $id) { delivery { id } errors { field message code } }\n  }\n": types.PingWebhookDocument,
    "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) { delivery { id status } errors { field message code } }\n  }\n": types.RedeliverWebhookDeliveryDocument,
    "\n  fragment AssetRow on Asset {\n    id\n    assetTag\n    name\n    kind\n    serialNumber\n    status {\n      id\n      code\n      name\n    }\n    location {\n      id\n      name\n    }\n    position {\n      x\n      y\n      source\n    }\n    createdAt\n    updatedAt\n    lastSeenAt\n  }\n": types.AssetRowFragmentDoc,
    "\n  query AssetList($filter: AssetFilter, $orderBy: [AssetOrder!], $first: Int, $after: String) {\n    assets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...AssetRow\n      }\n    }\n  }\n": types.AssetListDocument,
    "\n  query AssetDetail($id: ID!, $historyFirst: Int) {\n    asset(id: $id) {\n      __typename\n      ...AssetRow\n      notes\n      lastSeenSource\n      lockedFields {\n        field\n        lockedAt\n        lockedBy\n      }\n      relationships {\n        id\n        type\n        inheritsPosition\n        sourceId\n        targetId\n        source {\n          id\n          name\n          kind\n        }\n        target {\n          id\n          name\n          kind\n        }\n      }\n      history(first: $historyFirst) {\n        id\n        createdAt\n        actorName\n        action\n        source\n        changes {\n          field\n          label\n          old\n          new\n        }\n      }\n    }\n  }\n": types.AssetDetailDocument,
    "\n  query AssetPicker($text: String!) {\n    assets(filter: { text: $text }, first: 10) {\n      nodes {\n        id\n        assetTag\n        name\n        kind\n      }\n    }\n  }\n": types.AssetPickerDocument,
    "\n  mutation SetAssetPosition($id: ID!, $x: Float, $y: Float) {\n    setAssetPosition(id: $id, x: $x, y: $y) {\n      asset {\n        id\n        position {\n          x\n          y\n          source\n        }\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.SetAssetPositionDocument,
    "\n  mutation RelateAssets($input: RelationshipInput!) {\n    relateAssets(input: $input) {\n      relationship {\n        id\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RelateAssetsDocument,
    "\n  mutation UnrelateAssets($id: ID!) {\n    unrelateAssets(id: $id) {\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.UnrelateAssetsDocument,
    "\n  query MapAssets($filter: AssetFilter) {\n    assets(filter: $filter, first: 500) {\n      totalCount\n      nodes {\n        id\n        assetTag\n        name\n        kind\n        status {\n          id\n          name\n        }\n        location {\n          id\n        }\n        position {\n          x\n          y\n          source\n        }\n      }\n    }\n  }\n": types.MapAssetsDocument,
    "\n  mutation DeleteAsset($id: ID!) {\n    deleteAsset(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.DeleteAssetDocument,
    "\n  mutation UnlockAssetField($assetId: ID!, $field: String!) {\n    unlockAssetField(assetId: $assetId, field: $field) {\n      unlocked\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UnlockAssetFieldDocument,
    "\n  query AssetLabel($id: ID!) {\n    asset(id: $id) {\n      id\n      assetTag\n      name\n      kind\n    }\n  }\n": types.AssetLabelDocument,
    "\n  mutation SetFloorPlan($locationId: ID!, $input: FloorPlanInput!) {\n    setFloorPlan(locationId: $locationId, input: $input) {\n      floorPlan {\n        url\n        width\n        height\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.SetFloorPlanDocument,
    "\n  mutation RemoveFloorPlan($locationId: ID!) {\n    removeFloorPlan(locationId: $locationId) {\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RemoveFloorPlanDocument,
    "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n": types.UserErrorFieldsFragmentDoc,
    "\n  fragment SessionUser on User {\n    id\n    username\n    displayName\n    role\n    authSource\n  }\n": types.SessionUserFragmentDoc,
    "\n  query Me {\n    me {\n      ...SessionUser\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      user {\n        ...SessionUser\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RefreshToken {\n    refreshToken {\n      user {\n        ...SessionUser\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.LogoutDocument,
    "\n  fragment LocationRow on Location {\n    id\n    name\n    kind\n    description\n    parentId\n    mapX\n    mapY\n    assetCount\n  }\n": types.LocationRowFragmentDoc,
    "\n  query Locations {\n    locations {\n      ...LocationRow\n    }\n  }\n": types.LocationsDocument,
    "\n  mutation CreateLocation($input: LocationInput!) {\n    createLocation(input: $input) {\n      location {\n        ...LocationRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.CreateLocationDocument,
    "\n  mutation UpdateLocation($id: ID!, $input: LocationUpdateInput!) {\n    updateLocation(id: $id, input: $input) {\n      location {\n        ...LocationRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.UpdateLocationDocument,
    "\n  mutation DeleteLocation($id: ID!) {\n    deleteLocation(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n": types.DeleteLocationDocument,
    "\n  query Navigation {\n    navigation {\n      key\n      label\n      path\n      icon\n      order\n      plugin\n    }\n  }\n": types.NavigationDocument,
    "\n  query AssetKinds {\n    assetKinds {\n      kind\n      label\n      pluralLabel\n      plugin\n      typeName\n      conditions {\n        key\n        label\n      }\n    }\n  }\n": types.AssetKindsDocument,
    "\n  query Dashboard {\n    dashboard {\n      key\n      title\n      kind\n      value\n      text\n      rows {\n        label\n        value\n        link\n      }\n      link\n      plugin\n    }\n  }\n": types.DashboardDocument,
    "\n  query ReferenceData {\n    assetStatuses {\n      id\n      code\n      name\n      retired\n    }\n    locations {\n      id\n      name\n      kind\n      parent {\n        id\n      }\n      mapX\n      mapY\n      description\n      floorPlan {\n        url\n        width\n        height\n      }\n    }\n  }\n": types.ReferenceDataDocument,
    "\n  query Search($text: String!, $first: Int) {\n    search(text: $text, first: $first) {\n      objectType\n      id\n      title\n      subtitle\n      asset {\n        __typename\n        id\n        kind\n      }\n      location {\n        id\n      }\n    }\n  }\n": types.SearchDocument,
    "\n  query Labels {\n    labels {\n      fields {\n        typeName\n        field\n        label\n        column\n      }\n      enumValues {\n        enum\n        value\n        label\n      }\n      relationshipTypes {\n        type\n        label\n        inverseLabel\n      }\n    }\n  }\n": types.LabelsDocument,
    "\n  query UiExtensions {\n    uiExtensions {\n      plugin\n      version\n      url\n      apiVersion\n      styles\n    }\n  }\n": types.UiExtensionsDocument,
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
export function graphql(source: "\n  query SingleSignOn {\n    singleSignOn {\n      enabled\n      buttonLabel\n      loginUrl\n      logoutUrl\n      directory\n    }\n  }\n"): (typeof documents)["\n  query SingleSignOn {\n    singleSignOn {\n      enabled\n      buttonLabel\n      loginUrl\n      logoutUrl\n      directory\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyAccount {\n    me {\n      id\n      username\n      displayName\n      email\n      role\n      authSource\n      lastLoginAt\n      lastLoginAddress\n    }\n    mySessions {\n      id\n      createdAt\n      lastUsedAt\n      address\n      userAgent\n      current\n    }\n    myApiTokens {\n      id\n      name\n      prefix\n      scopes\n      createdAt\n      lastUsedAt\n      expiresAt\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  query MyAccount {\n    me {\n      id\n      username\n      displayName\n      email\n      role\n      authSource\n      lastLoginAt\n      lastLoginAddress\n    }\n    mySessions {\n      id\n      createdAt\n      lastUsedAt\n      address\n      userAgent\n      current\n    }\n    myApiTokens {\n      id\n      name\n      prefix\n      scopes\n      createdAt\n      lastUsedAt\n      expiresAt\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      user {\n        id\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      user {\n        id\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeMySession($id: ID!) {\n    revokeMySession(id: $id) {\n      revoked\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeMySession($id: ID!) {\n    revokeMySession(id: $id) {\n      revoked\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeMyOtherSessions {\n    revokeMyOtherSessions {\n      revoked\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeMyOtherSessions {\n    revokeMyOtherSessions {\n      revoked\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeMyApiToken($id: ID!) {\n    revokeMyApiToken(id: $id) {\n      apiToken {\n        id\n        revokedAt\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeMyApiToken($id: ID!) {\n    revokeMyApiToken(id: $id) {\n      apiToken {\n        id\n        revokedAt\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Plugins {\n    plugins {\n      name\n      version\n      description\n      enabled\n      status\n      error\n    }\n  }\n"): (typeof documents)["\n  query Plugins {\n    plugins {\n      name\n      version\n      description\n      enabled\n      status\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPluginEnabled($name: String!, $enabled: Boolean!) {\n    setPluginEnabled(name: $name, enabled: $enabled) {\n      plugin {\n        name\n        version\n        description\n        enabled\n        status\n        error\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetPluginEnabled($name: String!, $enabled: Boolean!) {\n    setPluginEnabled(name: $name, enabled: $enabled) {\n      plugin {\n        name\n        version\n        description\n        enabled\n        status\n        error\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserRow on User {\n    id\n    username\n    displayName\n    role\n    isActive\n    createdAt\n    lastLoginAt\n    lastLoginAddress\n    authSource\n  }\n"): (typeof documents)["\n  fragment UserRow on User {\n    id\n    username\n    displayName\n    role\n    isActive\n    createdAt\n    lastLoginAt\n    lastLoginAddress\n    authSource\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users {\n      ...UserRow\n    }\n  }\n"): (typeof documents)["\n  query Users {\n    users {\n      ...UserRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: UserInput!) {\n    createUser(input: $input) {\n      user {\n        ...UserRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: UserInput!) {\n    createUser(input: $input) {\n      user {\n        ...UserRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $input: UserUpdateInput!) {\n    updateUser(id: $id, input: $input) {\n      user {\n        ...UserRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $input: UserUpdateInput!) {\n    updateUser(id: $id, input: $input) {\n      user {\n        ...UserRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenRow on ApiToken {\n    id\n    name\n    scopes\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiTokenRow on ApiToken {\n    id\n    name\n    scopes\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenRow\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($input: ApiTokenInput!) {\n    createApiToken(input: $input) {\n      apiToken {\n        ...ApiTokenRow\n      }\n      secret\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($input: ApiTokenInput!) {\n    createApiToken(input: $input) {\n      apiToken {\n        ...ApiTokenRow\n      }\n      secret\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      apiToken {\n        ...ApiTokenRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      apiToken {\n        ...ApiTokenRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        createdAt\n        actorName\n        action\n        source\n        objectType\n        objectId\n        objectTitle\n        changes {\n          field\n          label\n          old\n          new\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        createdAt\n        actorName\n        action\n        source\n        objectType\n        objectId\n        objectTitle\n        changes {\n          field\n          label\n          old\n          new\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookRow on Webhook {\n    id\n    name\n    url\n    events\n    isActive\n    createdAt\n  }\n"): (typeof documents)["\n  fragment WebhookRow on Webhook {\n    id\n    name\n    url\n    events\n    isActive\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhooks { ...WebhookRow }\n    webhookEventTypes { name description }\n  }\n"): (typeof documents)["\n  query Webhooks {\n    webhooks { ...WebhookRow }\n    webhookEventTypes { name description }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($webhookId: ID) {\n    webhookDeliveries(webhookId: $webhookId, first: 100) {\n      id eventType status attempts responseCode error createdAt lastAttemptAt nextAttemptAt deliveredAt\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($webhookId: ID) {\n    webhookDeliveries(webhookId: $webhookId, first: 100) {\n      id eventType status attempts responseCode error createdAt lastAttemptAt nextAttemptAt deliveredAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: WebhookInput!) {\n    createWebhook(input: $input) { webhook { ...WebhookRow } secret errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: WebhookInput!) {\n    createWebhook(input: $input) { webhook { ...WebhookRow } secret errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: WebhookUpdateInput!) {\n    updateWebhook(id: $id, input: $input) { webhook { ...WebhookRow } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: WebhookUpdateInput!) {\n    updateWebhook(id: $id, input: $input) { webhook { ...WebhookRow } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) { deletedId errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) { deletedId errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PingWebhook($id: ID!) {\n    pingWebhook(id: $id) { delivery { id } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation PingWebhook($id: ID!) {\n    pingWebhook(id: $id) { delivery { id } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) { delivery { id status } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation RedeliverWebhookDelivery($id: ID!) {\n    redeliverWebhookDelivery(id: $id) { delivery { id status } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AssetRow on Asset {\n    id\n    assetTag\n    name\n    kind\n    serialNumber\n    status {\n      id\n      code\n      name\n    }\n    location {\n      id\n      name\n    }\n    position {\n      x\n      y\n      source\n    }\n    createdAt\n    updatedAt\n    lastSeenAt\n  }\n"): (typeof documents)["\n  fragment AssetRow on Asset {\n    id\n    assetTag\n    name\n    kind\n    serialNumber\n    status {\n      id\n      code\n      name\n    }\n    location {\n      id\n      name\n    }\n    position {\n      x\n      y\n      source\n    }\n    createdAt\n    updatedAt\n    lastSeenAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetList($filter: AssetFilter, $orderBy: [AssetOrder!], $first: Int, $after: String) {\n    assets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...AssetRow\n      }\n    }\n  }\n"): (typeof documents)["\n  query AssetList($filter: AssetFilter, $orderBy: [AssetOrder!], $first: Int, $after: String) {\n    assets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...AssetRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetDetail($id: ID!, $historyFirst: Int) {\n    asset(id: $id) {\n      __typename\n      ...AssetRow\n      notes\n      lastSeenSource\n      lockedFields {\n        field\n        lockedAt\n        lockedBy\n      }\n      relationships {\n        id\n        type\n        inheritsPosition\n        sourceId\n        targetId\n        source {\n          id\n          name\n          kind\n        }\n        target {\n          id\n          name\n          kind\n        }\n      }\n      history(first: $historyFirst) {\n        id\n        createdAt\n        actorName\n        action\n        source\n        changes {\n          field\n          label\n          old\n          new\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AssetDetail($id: ID!, $historyFirst: Int) {\n    asset(id: $id) {\n      __typename\n      ...AssetRow\n      notes\n      lastSeenSource\n      lockedFields {\n        field\n        lockedAt\n        lockedBy\n      }\n      relationships {\n        id\n        type\n        inheritsPosition\n        sourceId\n        targetId\n        source {\n          id\n          name\n          kind\n        }\n        target {\n          id\n          name\n          kind\n        }\n      }\n      history(first: $historyFirst) {\n        id\n        createdAt\n        actorName\n        action\n        source\n        changes {\n          field\n          label\n          old\n          new\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetPicker($text: String!) {\n    assets(filter: { text: $text }, first: 10) {\n      nodes {\n        id\n        assetTag\n        name\n        kind\n      }\n    }\n  }\n"): (typeof documents)["\n  query AssetPicker($text: String!) {\n    assets(filter: { text: $text }, first: 10) {\n      nodes {\n        id\n        assetTag\n        name\n        kind\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAssetPosition($id: ID!, $x: Float, $y: Float) {\n    setAssetPosition(id: $id, x: $x, y: $y) {\n      asset {\n        id\n        position {\n          x\n          y\n          source\n        }\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetAssetPosition($id: ID!, $x: Float, $y: Float) {\n    setAssetPosition(id: $id, x: $x, y: $y) {\n      asset {\n        id\n        position {\n          x\n          y\n          source\n        }\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RelateAssets($input: RelationshipInput!) {\n    relateAssets(input: $input) {\n      relationship {\n        id\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RelateAssets($input: RelationshipInput!) {\n    relateAssets(input: $input) {\n      relationship {\n        id\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnrelateAssets($id: ID!) {\n    unrelateAssets(id: $id) {\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UnrelateAssets($id: ID!) {\n    unrelateAssets(id: $id) {\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MapAssets($filter: AssetFilter) {\n    assets(filter: $filter, first: 500) {\n      totalCount\n      nodes {\n        id\n        assetTag\n        name\n        kind\n        status {\n          id\n          name\n        }\n        location {\n          id\n        }\n        position {\n          x\n          y\n          source\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MapAssets($filter: AssetFilter) {\n    assets(filter: $filter, first: 500) {\n      totalCount\n      nodes {\n        id\n        assetTag\n        name\n        kind\n        status {\n          id\n          name\n        }\n        location {\n          id\n        }\n        position {\n          x\n          y\n          source\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAsset($id: ID!) {\n    deleteAsset(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteAsset($id: ID!) {\n    deleteAsset(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlockAssetField($assetId: ID!, $field: String!) {\n    unlockAssetField(assetId: $assetId, field: $field) {\n      unlocked\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UnlockAssetField($assetId: ID!, $field: String!) {\n    unlockAssetField(assetId: $assetId, field: $field) {\n      unlocked\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetLabel($id: ID!) {\n    asset(id: $id) {\n      id\n      assetTag\n      name\n      kind\n    }\n  }\n"): (typeof documents)["\n  query AssetLabel($id: ID!) {\n    asset(id: $id) {\n      id\n      assetTag\n      name\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetFloorPlan($locationId: ID!, $input: FloorPlanInput!) {\n    setFloorPlan(locationId: $locationId, input: $input) {\n      floorPlan {\n        url\n        width\n        height\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetFloorPlan($locationId: ID!, $input: FloorPlanInput!) {\n    setFloorPlan(locationId: $locationId, input: $input) {\n      floorPlan {\n        url\n        width\n        height\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveFloorPlan($locationId: ID!) {\n    removeFloorPlan(locationId: $locationId) {\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveFloorPlan($locationId: ID!) {\n    removeFloorPlan(locationId: $locationId) {\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n"): (typeof documents)["\n  fragment UserErrorFields on UserError {\n    field\n    message\n    code\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionUser on User {\n    id\n    username\n    displayName\n    role\n    authSource\n  }\n"): (typeof documents)["\n  fragment SessionUser on User {\n    id\n    username\n    displayName\n    role\n    authSource\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...SessionUser\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...SessionUser\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      user {\n        ...SessionUser\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      user {\n        ...SessionUser\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken {\n    refreshToken {\n      user {\n        ...SessionUser\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken {\n    refreshToken {\n      user {\n        ...SessionUser\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LocationRow on Location {\n    id\n    name\n    kind\n    description\n    parentId\n    mapX\n    mapY\n    assetCount\n  }\n"): (typeof documents)["\n  fragment LocationRow on Location {\n    id\n    name\n    kind\n    description\n    parentId\n    mapX\n    mapY\n    assetCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Locations {\n    locations {\n      ...LocationRow\n    }\n  }\n"): (typeof documents)["\n  query Locations {\n    locations {\n      ...LocationRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLocation($input: LocationInput!) {\n    createLocation(input: $input) {\n      location {\n        ...LocationRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateLocation($input: LocationInput!) {\n    createLocation(input: $input) {\n      location {\n        ...LocationRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateLocation($id: ID!, $input: LocationUpdateInput!) {\n    updateLocation(id: $id, input: $input) {\n      location {\n        ...LocationRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateLocation($id: ID!, $input: LocationUpdateInput!) {\n    updateLocation(id: $id, input: $input) {\n      location {\n        ...LocationRow\n      }\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteLocation($id: ID!) {\n    deleteLocation(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteLocation($id: ID!) {\n    deleteLocation(id: $id) {\n      deletedId\n      errors {\n        ...UserErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Navigation {\n    navigation {\n      key\n      label\n      path\n      icon\n      order\n      plugin\n    }\n  }\n"): (typeof documents)["\n  query Navigation {\n    navigation {\n      key\n      label\n      path\n      icon\n      order\n      plugin\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssetKinds {\n    assetKinds {\n      kind\n      label\n      pluralLabel\n      plugin\n      typeName\n      conditions {\n        key\n        label\n      }\n    }\n  }\n"): (typeof documents)["\n  query AssetKinds {\n    assetKinds {\n      kind\n      label\n      pluralLabel\n      plugin\n      typeName\n      conditions {\n        key\n        label\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    dashboard {\n      key\n      title\n      kind\n      value\n      text\n      rows {\n        label\n        value\n        link\n      }\n      link\n      plugin\n    }\n  }\n"): (typeof documents)["\n  query Dashboard {\n    dashboard {\n      key\n      title\n      kind\n      value\n      text\n      rows {\n        label\n        value\n        link\n      }\n      link\n      plugin\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReferenceData {\n    assetStatuses {\n      id\n      code\n      name\n      retired\n    }\n    locations {\n      id\n      name\n      kind\n      parent {\n        id\n      }\n      mapX\n      mapY\n      description\n      floorPlan {\n        url\n        width\n        height\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReferenceData {\n    assetStatuses {\n      id\n      code\n      name\n      retired\n    }\n    locations {\n      id\n      name\n      kind\n      parent {\n        id\n      }\n      mapX\n      mapY\n      description\n      floorPlan {\n        url\n        width\n        height\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($text: String!, $first: Int) {\n    search(text: $text, first: $first) {\n      objectType\n      id\n      title\n      subtitle\n      asset {\n        __typename\n        id\n        kind\n      }\n      location {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query Search($text: String!, $first: Int) {\n    search(text: $text, first: $first) {\n      objectType\n      id\n      title\n      subtitle\n      asset {\n        __typename\n        id\n        kind\n      }\n      location {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Labels {\n    labels {\n      fields {\n        typeName\n        field\n        label\n        column\n      }\n      enumValues {\n        enum\n        value\n        label\n      }\n      relationshipTypes {\n        type\n        label\n        inverseLabel\n      }\n    }\n  }\n"): (typeof documents)["\n  query Labels {\n    labels {\n      fields {\n        typeName\n        field\n        label\n        column\n      }\n      enumValues {\n        enum\n        value\n        label\n      }\n      relationshipTypes {\n        type\n        label\n        inverseLabel\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UiExtensions {\n    uiExtensions {\n      plugin\n      version\n      url\n      apiVersion\n      styles\n    }\n  }\n"): (typeof documents)["\n  query UiExtensions {\n    uiExtensions {\n      plugin\n      version\n      url\n      apiVersion\n      styles\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;