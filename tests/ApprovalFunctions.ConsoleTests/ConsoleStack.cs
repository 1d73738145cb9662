using ApprovalFunctions.IntegrationTests.EndToEnd;

namespace ApprovalFunctions.ConsoleTests;

/// <summary>The app as an operator meets it: the local host with an admin key, Azurite and the Feishu emulator.</summary>
public sealed class ConsoleStack : AppStack
{
    public const string AdminKey = "console-admin-key-7f3a9c";

    /// <summary>Approval definitions the emulator knows; a change naming another code is refused (1390002) and parked.</summary>
    public const string KnownApproval = "CONSOLE-PURCHASE";

    public const string CleanupApproval = "CONSOLE-CLEANUP";

    public const string FunctionKey = "console-function-key";

    /// <summary>The source system's client: it sends changes with the function key.</summary>
    public HttpClient Source => source ??= CreateSourceClient();

    private HttpClient? source;

    private HttpClient CreateSourceClient()
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        return client;
    }

    protected override AppStackOptions CreateOptions() => new()
    {
        KnownApprovalCodes = [KnownApproval, CleanupApproval],
        Settings = new Dictionary<string, string?>
        {
            ["LocalHost__AdminKey"] = AdminKey,
            ["LocalHost__FunctionKey"] = FunctionKey,
            ["Console__CounterFlushInterval"] = "00:00:01",
        },
    };
}
