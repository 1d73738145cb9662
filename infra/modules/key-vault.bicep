// Key Vault for the app's secrets. RBAC authorization only (no access policies); the app reads the
// secrets through Key Vault references resolved with its user-assigned identity.

@description('Name of the Key Vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags object

@description('Feishu app secret (Feishu developer console, Credentials & Basic Info).')
@secure()
param feishuAppSecret string

@description('Signing secret(s) of the source system\'s webhooks (Standard Webhooks, whsec_...).')
@secure()
param webhookSecrets string

@description('Quick approval: the definition\'s action_callback_token, which every Feishu callback carries; empty while quick approval is off (no secret is created).')
@secure()
param callbackToken string

@description('Quick approval: the definition\'s action_callback_key, with which Feishu encrypts callbacks; empty for plain callbacks (no secret is created).')
@secure()
param callbackKey string

@description('Quick approval: Standard Webhooks secret(s) (whsec_...) the relayed actions are signed with; empty while quick approval is off (no secret is created).')
@secure()
param callbackSourceSecret string

@description('Secret of the Feishu-compatible surface (/open-apis/) that sources present with the facade app id; empty while the surface is off (no secret is created).')
@secure()
param facadeAppSecret string

// Whether each optional secret was given (the caller passes !empty(value)). Key Vault refuses an empty secret value
// and an app setting referring to an empty secret would not resolve, so a secret not given is not created. A flag
// rather than the value itself decides, so that the outputs below name no secure value.
@description('Create the Feishu-compatible surface\'s secret (facadeAppSecret is not empty).')
param createFacadeAppSecret bool

@description('Create the quick-approval callback token\'s secret (callbackToken is not empty).')
param createCallbackToken bool

@description('Create the quick-approval callback key\'s secret (callbackKey is not empty).')
param createCallbackKey bool

@description('Create the quick-approval source secret\'s secret (callbackSourceSecret is not empty).')
param createCallbackSourceSecret bool

@description('Purge protection keeps deleted secrets recoverable for the retention period; it cannot be turned off once on.')
param enablePurgeProtection bool = true

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource feishuAppSecretEntry 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'feishu-app-secret'
  properties: {
    value: feishuAppSecret
    contentType: 'text/plain'
  }
}

resource webhookSecretsEntry 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'ingest-webhook-secrets'
  properties: {
    value: webhookSecrets
    contentType: 'text/plain'
  }
}

resource callbackTokenEntry 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (createCallbackToken) {
  parent: vault
  name: 'callback-token'
  properties: {
    value: callbackToken
    contentType: 'text/plain'
  }
}

resource callbackKeyEntry 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (createCallbackKey) {
  parent: vault
  name: 'callback-key'
  properties: {
    value: callbackKey
    contentType: 'text/plain'
  }
}

resource callbackSourceSecretEntry 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (createCallbackSourceSecret) {
  parent: vault
  name: 'callback-source-secret'
  properties: {
    value: callbackSourceSecret
    contentType: 'text/plain'
  }
}

resource facadeAppSecretEntry 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (createFacadeAppSecret) {
  parent: vault
  name: 'facade-app-secret'
  properties: {
    value: facadeAppSecret
    contentType: 'text/plain'
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
// Versionless URIs: the app follows the newest version, so rotating a secret needs no redeploy.
output feishuAppSecretUri string = feishuAppSecretEntry.properties.secretUri
output webhookSecretUri string = webhookSecretsEntry.properties.secretUri
// An optional secret not given has no URI: the app setting is then '' rather than a reference.
output callbackTokenUri string = createCallbackToken ? callbackTokenEntry!.properties.secretUri : ''
output callbackKeyUri string = createCallbackKey ? callbackKeyEntry!.properties.secretUri : ''
output callbackSourceSecretUri string = createCallbackSourceSecret ? callbackSourceSecretEntry!.properties.secretUri : ''
output facadeAppSecretUri string = createFacadeAppSecret ? facadeAppSecretEntry!.properties.secretUri : ''
