// Flex Consumption plan and the function app. Everything the app reaches, it reaches with its
// user-assigned identity: storage (AzureWebJobsStorage__*), the deployment package, Application
// Insights (Entra authentication) and the Key Vault references of its secrets.

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan; the app adds azd-service-name.')
param tags object

@description('Resource id of the user-assigned identity.')
param identityResourceId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Name of the storage account for AzureWebJobsStorage and the app\'s tables and queues.')
param storageAccountName string

@description('Blob container URL the app package is deployed to.')
param deploymentContainerUrl string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Versionless Key Vault secret URI of the Feishu app secret.')
param feishuAppSecretUri string

@description('Versionless Key Vault secret URI of the webhook signing secret(s).')
param webhookSecretUri string

@description('Versionless Key Vault secret URI of the Feishu-compatible surface\'s app secret; empty while the surface is off.')
param facadeAppSecretUri string

@description('App id of the Feishu-compatible surface (/open-apis/); empty keeps it off.')
param facadeAppId string

@description('Versionless Key Vault secret URI of the quick-approval callback token; empty while quick approval is off.')
param callbackTokenUri string

@description('Versionless Key Vault secret URI of the quick-approval callback encryption key; empty for plain callbacks.')
param callbackKeyUri string

@description('Versionless Key Vault secret URI of the secret(s) that sign actions relayed to the source system; empty while quick approval is off.')
param callbackSourceSecretUri string

@description('Where the source system receives approvers\' actions; empty: quick approval is off.')
param callbackSourceUrl string

@description('The app\'s public base URL for the definition\'s action_callback_url; empty: the default host name.')
param callbackPublicBaseUrl string

@description('Feishu Open Platform base URL.')
param feishuBaseUrl string

@description('Feishu app id (cli_...).')
param feishuAppId string

@description('App-wide Feishu calls per second, shared by all hosts.')
param feishuCallsPerSecond int

@description('App-wide Feishu calls per minute, shared by all hosts.')
param feishuCallsPerMinute int

@description('NCRONTAB schedule of the reconcile timer.')
param reconcileSchedule string

@description('Most instances the app scales out to; every host takes 1/maximumInstanceCount of the Feishu budget.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of one instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('azd service name, as in azure.yaml.')
param serviceName string = 'api'

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityResourceId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION are not allowed here.
      appSettings: [
        // Functions host and the app's storage clients: identity-based, no account key.
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
        // Lets DefaultAzureCredential/ManagedIdentityCredential in the worker pick this identity.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        // Application Insights with Entra authentication (the component has local auth disabled).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // Feishu client. The secret is a Key Vault reference resolved with keyVaultReferenceIdentity.
        { name: 'Feishu__BaseUrl', value: feishuBaseUrl }
        { name: 'Feishu__AppId', value: feishuAppId }
        { name: 'Feishu__AppSecret', value: '@Microsoft.KeyVault(SecretUri=${feishuAppSecretUri})' }
        // Each host takes 1/MaxHostCount of Feishu's app-wide limit, so the cap must equal the scale-out cap.
        { name: 'Feishu__RateLimit__MaxHostCount', value: string(maximumInstanceCount) }
        { name: 'Feishu__RateLimit__CallsPerSecond', value: string(feishuCallsPerSecond) }
        { name: 'Feishu__RateLimit__CallsPerMinute', value: string(feishuCallsPerMinute) }
        // Ingest: Standard Webhooks signing secret(s) of the source system.
        { name: 'Ingest__WebhookSecrets', value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})' }
        // Feishu-compatible surface (/open-apis/): the credentials a source's Feishu SDK uses with the app. Both empty: off.
        // An optional secret is a Key Vault reference when it was given (its secret exists), else '' (the feature is off).
        { name: 'Facade__AppId', value: facadeAppId }
        { name: 'Facade__AppSecret', value: empty(facadeAppSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${facadeAppSecretUri})' }
        // Quick approval: Feishu calls the anonymous /api/feishu/actions with the token (encrypted with the key); the
        // app relays to the source system, signed with the source secret. Each is a Key Vault reference when given, else ''.
        { name: 'Callback__Token', value: empty(callbackTokenUri) ? '' : '@Microsoft.KeyVault(SecretUri=${callbackTokenUri})' }
        { name: 'Callback__Key', value: empty(callbackKeyUri) ? '' : '@Microsoft.KeyVault(SecretUri=${callbackKeyUri})' }
        { name: 'Callback__SourceSecret', value: empty(callbackSourceSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${callbackSourceSecretUri})' }
        { name: 'Callback__SourceUrl', value: callbackSourceUrl }
        { name: 'Callback__PublicBaseUrl', value: !empty(callbackPublicBaseUrl) ? callbackPublicBaseUrl : 'https://${name}.azurewebsites.net' }
        // Reconcile timer (%ReconcileSchedule% in the TimerTrigger).
        { name: 'ReconcileSchedule', value: reconcileSchedule }
      ]
    }
  }
}

// No publishing user names and passwords: deployments authenticate with Entra ID.
resource ftpPublishingCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishingCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output uri string = 'https://${functionApp.properties.defaultHostName}'
