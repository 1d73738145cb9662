namespace ApprovalFunctions.Feishu.Client;

/// <summary>The named <see cref="HttpClient"/> behind the Feishu client (base address, no logging handlers).</summary>
public static class FeishuHttpClient
{
    /// <summary>
    /// Pass to <c>services.AddHttpClient(FeishuHttpClient.Name)</c> to add handlers, e.g. a test's primary
    /// handler or an outbound proxy.
    /// </summary>
    public const string Name = "Feishu";
}
