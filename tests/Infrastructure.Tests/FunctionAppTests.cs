using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Feishu;
using Infrastructure.Tests.AppSettings;
using Infrastructure.Tests.Bicep;
using Infrastructure.Tests.Rules;

namespace Infrastructure.Tests;

[Collection(CompiledInfrastructureCollection.Name)]
public sealed class FunctionAppTests(CompiledInfrastructure infrastructure)
{
    public static OptionsSettingsCatalog AppCatalog { get; } =
        OptionsSettingsCatalog.FromAssemblies(typeof(StorageNames).Assembly, typeof(FeishuOptions).Assembly);

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_Flex_Consumption_with_its_identity() =>
        Problems.AssertNone(FunctionAppRules.IsFlexConsumptionWithIdentity(infrastructure.Template));

    [Fact]
    public void App_settings_reach_storage_and_telemetry_with_the_identity() =>
        Problems.AssertNone(AppSettingsRules.UseTheIdentity(infrastructure.Template));

    [Fact]
    public void App_settings_cover_every_required_option_and_bind_to_real_properties() =>
        Problems.AssertNone(AppSettingsRules.CoverTheCode(infrastructure.Template, AppCatalog));

    [Fact]
    public void Quick_approval_callback_is_reachable_by_Feishu() =>
        Problems.AssertNone(QuickApprovalRules.CallbackIsReachable(infrastructure.Template));

    [Fact]
    public void Template_creates_every_table_and_queue_of_StorageNames() =>
        Problems.AssertNone(StorageRules.CreatesTablesAndQueues(infrastructure.Template, StorageNames.Tables, StorageNames.Queues));
}
