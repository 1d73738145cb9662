// ApprovalFunctions on Azure Functions Flex Consumption. No keys anywhere: storage, telemetry, the
// deployment package and the secrets are all reached with one user-assigned managed identity.
// Deploy with `azd up`, or `az deployment sub create --template-file infra/main.bicep ...`.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd env name); it seeds the unique names of every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (one that offers Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create or reuse; empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Feishu Open Platform base URL: https://open.feishu.cn (Feishu) or https://open.larksuite.com (Lark).')
param feishuBaseUrl string = 'https://open.feishu.cn'

@minLength(1)
@description('Feishu app id (cli_...) of the self-built app with the approval scopes.')
param feishuAppId string

@secure()
@minLength(1)
@description('Feishu app secret. Stored in Key Vault only.')
param feishuAppSecret string

@secure()
@minLength(1)
@description('Standard Webhooks signing secret(s) the source system signs ingest requests with. Stored in Key Vault only.')
param webhookSecrets string

@description('App id that sources present to the Feishu-compatible surface (/open-apis/) in place of their Feishu app\'s; empty keeps the surface off.')
param facadeAppId string = ''

@secure()
@description('App secret of the Feishu-compatible surface (at least 16 characters; it signs the surface\'s tokens). Stored in Key Vault only. Empty with an empty facadeAppId: no secret is created.')
param facadeAppSecret string = ''

@secure()
@description('Quick approval: the approval definition\'s action_callback_token (a random string you choose). Stored in Key Vault only. Empty while quick approval is off: no secret is created.')
param callbackToken string = ''

@secure()
@description('Quick approval: the definition\'s action_callback_key; Feishu encrypts callbacks with it (a random string you choose). Stored in Key Vault only. Empty: plain callbacks, no secret is created.')
param callbackKey string = ''

@secure()
@description('Quick approval: Standard Webhooks secret(s) (whsec_...) the relayed actions are signed with; the source system verifies them. Stored in Key Vault only. Empty while quick approval is off: no secret is created.')
param callbackSourceSecret string = ''

@description('Quick approval: where the source system receives approvers\' actions (https URL). Empty: quick approval is off.')
param callbackSourceUrl string = ''

@description('Quick approval: the app\'s public base URL for the definition\'s action_callback_url; empty: https://<function app name>.azurewebsites.net.')
param callbackPublicBaseUrl string = ''

@minValue(1)
@description('App-wide Feishu calls per second across all hosts (Feishu allows 50 per app).')
param feishuCallsPerSecond int = 40

@minValue(1)
@description('App-wide Feishu calls per minute across all hosts (Feishu allows 1000 per app).')
param feishuCallsPerMinute int = 900

@minLength(1)
@description('NCRONTAB schedule (six fields) of the reconcile timer.')
param reconcileSchedule string = '0 */5 * * * *'

@minValue(1)
@maxValue(1000)
@description('Most instances the app scales out to. Also the Feishu rate limiter\'s host count: each host uses 1/this of the budget.')
param maximumInstanceCount int = 4

@allowed([
  512
  2048
  4096
])
@description('Memory of one Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@description('Purge protection on the Key Vault (recommended; cannot be turned off once on).')
param keyVaultPurgeProtection bool = true

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var names = {
  resourceGroup: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  identity: 'id-api-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-api-${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'keyVault'
  scope: resourceGroup
  params: {
    name: names.keyVault
    location: location
    tags: tags
    feishuAppSecret: feishuAppSecret
    webhookSecrets: webhookSecrets
    facadeAppSecret: facadeAppSecret
    callbackToken: callbackToken
    callbackKey: callbackKey
    callbackSourceSecret: callbackSourceSecret
    // Optional features' secrets are created only when given: `azd up` without them creates none.
    createFacadeAppSecret: !empty(facadeAppSecret)
    createCallbackToken: !empty(callbackToken)
    createCallbackKey: !empty(callbackKey)
    createCallbackSourceSecret: !empty(callbackSourceSecret)
    enablePurgeProtection: keyVaultPurgeProtection
  }
}

module roleAssignments 'modules/role-assignments.bicep' = {
  name: 'roleAssignments'
  scope: resourceGroup
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
  }
  // Names come from `names` (known before deployment, which keeps what-if precise), so the order is explicit.
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
  ]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'functionApp'
  scope: resourceGroup
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsName: names.applicationInsights
    feishuAppSecretUri: keyVault.outputs.feishuAppSecretUri
    webhookSecretUri: keyVault.outputs.webhookSecretUri
    facadeAppSecretUri: keyVault.outputs.facadeAppSecretUri
    facadeAppId: facadeAppId
    callbackTokenUri: keyVault.outputs.callbackTokenUri
    callbackKeyUri: keyVault.outputs.callbackKeyUri
    callbackSourceSecretUri: keyVault.outputs.callbackSourceSecretUri
    callbackSourceUrl: callbackSourceUrl
    callbackPublicBaseUrl: callbackPublicBaseUrl
    feishuBaseUrl: feishuBaseUrl
    feishuAppId: feishuAppId
    feishuCallsPerSecond: feishuCallsPerSecond
    feishuCallsPerMinute: feishuCallsPerMinute
    reconcileSchedule: reconcileSchedule
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The app starts, pulls its package and resolves its Key Vault references with these roles.
  dependsOn: [
    monitoring
    roleAssignments
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.vaultUri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
