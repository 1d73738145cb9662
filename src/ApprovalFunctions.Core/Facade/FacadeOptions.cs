namespace ApprovalFunctions.Core.Facade;

/// <summary>
/// Configuration section "Facade" (app settings <c>Facade__AppId</c>, <c>Facade__AppSecret</c>): the credentials a source
/// presents to the Feishu-compatible surface under <c>/open-apis/</c>, in place of its Feishu app's. Both empty turns
/// the surface off (every <c>/open-apis/</c> call answers Feishu's 404 envelope); one without the other stops start-up.
/// The secret is never logged; in Azure it comes from Key Vault through a Key Vault reference.
/// </summary>
public sealed class FacadeOptions
{
    public const string SectionName = "Facade";

    /// <summary>The <c>app_id</c> a source sends to the token call, e.g. <c>cli_approvalfunctions</c>.</summary>
    public string? AppId { get; set; }

    /// <summary>The <c>app_secret</c> a source sends to the token call; also the root of the token signing key.</summary>
    public string? AppSecret { get; set; }

    internal bool IsEnabled => !string.IsNullOrEmpty(AppId) && !string.IsNullOrEmpty(AppSecret);
}
