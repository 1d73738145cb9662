using System.Text.Json;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.Feishu.Schemas;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class FeishuVocabularyTests
{
    private static JsonElement SyncBody => FeishuRequestSchemas.ExternalInstanceCreate.BodyDocument!.Value;

    public static TheoryData<string, string[]> WireEnumsBySchemaPath => new()
    {
        { "status", [.. FeishuVocabulary.NamesOf<InstanceStatus>()] },
        { "update_mode", [.. FeishuVocabulary.NamesOf<UpdateMode>()] },
        { "display_method", [.. FeishuVocabulary.NamesOf<DisplayMethod>()] },
        { "task_list.status", [.. FeishuVocabulary.NamesOf<TaskStatus>()] },
        { "task_list.display_method", [.. FeishuVocabulary.NamesOf<DisplayMethod>()] },
        { "task_list.generate_type", [.. FeishuVocabulary.NamesOf<TaskGenerateType>()] },
        { "cc_list.read_status", [.. FeishuVocabulary.NamesOf<ReadStatus>()] },
        { "cc_list.display_method", [.. FeishuVocabulary.NamesOf<DisplayMethod>()] },
        { "trusteeship_cache_config.form_policy", [.. FeishuVocabulary.NamesOf<TrusteeshipFormPolicy>()] },
    };

    [Theory]
    [MemberData(nameof(WireEnumsBySchemaPath))]
    public void The_wire_enums_spell_exactly_the_words_of_Feishus_official_schema(string path, string[] wireNames)
    {
        var node = SyncBody;
        foreach (var name in path.Split('.'))
        {
            node = node.GetProperty("properties").GetProperty(name);
            if (node.GetProperty("type").GetString() == "array")
            {
                node = node.GetProperty("items");
            }
        }

        Assert.Equal(node.GetProperty("enum").EnumerateArray().Select(word => word.GetString()), wireNames);
    }

    [Fact]
    public void A_name_is_what_the_serializer_writes_and_reads_back_case_insensitively()
    {
        Assert.Equal("TRANSFERRED", FeishuVocabulary.NameOf(TaskStatus.Transferred));
        Assert.Equal("\"TRANSFERRED\"", JsonSerializer.Serialize(TaskStatus.Transferred));
        Assert.Equal(InstanceStatus.Canceled, FeishuVocabulary.ValueOf<InstanceStatus>("canceled"));
        Assert.Null(FeishuVocabulary.ValueOf<InstanceStatus>("CANCELLED"));
    }

    [Theory]
    [InlineData("1", "PENDING")]
    [InlineData("5", "TERMINATED")]
    [InlineData("approved", "APPROVED")]
    [InlineData("0", null)]
    [InlineData("RUNNING", null)]
    [InlineData(null, null)]
    public void A_process_status_is_read_as_a_number_or_a_word(string? processStatus, string? instanceStatus) =>
        Assert.Equal(instanceStatus, FeishuVocabulary.InstanceStatusOfProcessStatus(processStatus));
}
