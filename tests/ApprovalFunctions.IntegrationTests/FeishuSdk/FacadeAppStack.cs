using ApprovalFunctions.IntegrationTests.EndToEnd;

namespace ApprovalFunctions.IntegrationTests.FeishuSdk;

/// <summary>The whole stack with the Feishu-compatible surface on: a source's credentials are <see cref="AppId"/> / <see cref="AppSecret"/>.</summary>
public sealed class FacadeAppStack : AppStack
{
    public const string AppId = "cli_source_erp";
    public const string AppSecret = "facade-secret-of-the-source-0123";

    protected override AppStackOptions CreateOptions() => new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Facade__AppId"] = AppId,
            ["Facade__AppSecret"] = AppSecret,
        },
    };
}

/// <summary>The test classes that share one <see cref="FacadeAppStack"/>.</summary>
[CollectionDefinition(Name)]
public sealed class FacadeAppStackCollection : ICollectionFixture<FacadeAppStack>
{
    public const string Name = "Feishu-compatible surface";
}
