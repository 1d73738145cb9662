using ApprovalFunctions.Core.Operations;
using ApprovalFunctions.Core.QuickApproval;
using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Moq;
using static ApprovalFunctions.UnitTests.QuickApproval.QuickApprovalTestData;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class ApprovalDefinitionPublisherTests
{
    private static readonly Uri CalledAt = new("http://127.0.0.1:7071/");

    private readonly Mock<IFeishuApprovalClient> feishu = new();
    private ExternalApprovalDefinition? sent;

    public ApprovalDefinitionPublisherTests() =>
        feishu.Setup(f => f.CreateExternalApprovalAsync(It.IsAny<ExternalApprovalDefinition>(), It.IsAny<CancellationToken>()))
            .Callback<ExternalApprovalDefinition, CancellationToken>((d, _) => sent = d)
            .ReturnsAsync(new FeishuResult<CreateExternalApprovalResponse>(new CreateExternalApprovalResponse { ApprovalCode = "PURCHASE" }, "log-1"));

    private static ApprovalDefinitionRequest Request(ApprovalDefinitionExternal? external = null) => new()
    {
        ApprovalCode = "PURCHASE",
        ApprovalName = "@i18n@name",
        GroupCode = "procurement",
        External = external ?? new ApprovalDefinitionExternal { SupportPc = true, SupportMobile = true, CreateLinkPc = "https://erp/new" },
        I18nResources = [new I18nResource { Locale = "zh-CN", IsDefault = true, Texts = [new I18nText { Key = "@i18n@name", Value = "采购" }] }],
    };

    [Fact]
    public async Task The_definition_carries_the_apps_callback_url_token_and_key_from_settings()
    {
        var options = Options(key: Key);
        options.PublicBaseUrl = "https://func-api-x.azurewebsites.net/";

        var outcome = await new ApprovalDefinitionPublisher(feishu.Object, Wrap(options)).PublishAsync(Request(), CalledAt, CancellationToken.None);

        Assert.Equal(new ApprovalDefinitionPublished("PURCHASE", "https://func-api-x.azurewebsites.net/api/feishu/actions", true, "log-1"), outcome.Body);
        Assert.Equal(("https://func-api-x.azurewebsites.net/api/feishu/actions", Token, Key), (sent?.External.ActionCallbackUrl, sent?.External.ActionCallbackToken, sent?.External.ActionCallbackKey));
        Assert.Equal(("https://erp/new", true, "procurement"), (sent?.External.CreateLinkPc, sent?.External.SupportMobile, sent?.GroupCode));
    }

    [Fact]
    public async Task Without_a_public_base_url_the_callback_is_under_the_url_the_operator_called_and_without_a_key_nothing_is_encrypted()
    {
        var outcome = await new ApprovalDefinitionPublisher(feishu.Object, Wrap(Options())).PublishAsync(Request(), CalledAt, CancellationToken.None);

        Assert.Equal(("http://127.0.0.1:7071/api/feishu/actions", false), (outcome.Body?.ActionCallbackUrl, outcome.Body?.Encrypted));
        Assert.Null(sent?.External.ActionCallbackKey);
    }

    [Theory]
    [InlineData("url")]
    [InlineData("token")]
    [InlineData("key")]
    public async Task Callback_fields_in_the_body_are_refused_so_nobody_copies_secrets_by_hand(string field)
    {
        var external = field switch
        {
            "url" => new ApprovalDefinitionExternal { ActionCallbackUrl = "https://elsewhere" },
            "token" => new ApprovalDefinitionExternal { ActionCallbackToken = "t" },
            _ => new ApprovalDefinitionExternal { ActionCallbackKey = "k" },
        };

        var outcome = await new ApprovalDefinitionPublisher(feishu.Object, Wrap(Options())).PublishAsync(Request(external), CalledAt, CancellationToken.None);

        Assert.Equal(OperatorStatus.BadRequest, outcome.Status);
        Assert.Equal($"$.external.action_callback_{field}", outcome.Error?.Field);
        Assert.Null(sent);
    }

    [Fact]
    public async Task Missing_required_fields_are_named()
    {
        var outcome = await new ApprovalDefinitionPublisher(feishu.Object, Wrap(Options())).PublishAsync(Request() with { GroupCode = " " }, CalledAt, CancellationToken.None);

        Assert.Equal((OperatorStatus.BadRequest, "$.group_code"), (outcome.Status, outcome.Error?.Field));
    }

    [Fact]
    public async Task Without_quick_approval_configured_nothing_is_sent_to_Feishu()
    {
        var options = Options();
        options.Token = null;

        var outcome = await new ApprovalDefinitionPublisher(feishu.Object, Wrap(options)).PublishAsync(Request(), CalledAt, CancellationToken.None);

        Assert.Equal(OperatorStatus.Conflict, outcome.Status);
        Assert.Contains("Callback__Token", outcome.Error?.Error, StringComparison.Ordinal);
        Assert.Null(sent);
    }
}
