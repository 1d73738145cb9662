using System.Text.Json;
using ApprovalFunctions.Feishu.Models;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace FeishuEmulator.Tests.Contract;

/// <summary>
/// Every request the production client can build, taken off the wire, validates against Feishu's official
/// request schemas: bodies against <c>schema.data</c>, query strings against <c>schema.params</c>.
/// </summary>
public sealed class ClientRequestContractTests : IAsyncLifetime
{
    private readonly ContractClient contract = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await contract.DisposeAsync();

    [Fact]
    public async Task Instance_with_every_field_set_validates_and_leaves_no_schema_field_out()
    {
        var schema = FeishuSchemas.ExternalInstanceCreate;

        await contract.Client.SyncInstanceAsync(SampleRequests.FullInstance(), default);

        var request = contract.LastRequest;
        AssertEndpoint(schema, request);
        var body = Wire.Body(request);
        SchemaAssert.Valid(schema.Data, body, "full instance");
        Assert.Empty(Wire.PropertiesNotSent(DataSchema(schema), body));
        Assert.Equal("1700000000000", body.GetProperty("start_time").GetString());
        Assert.Equal("0", body.GetProperty("end_time").GetString());
    }

    [Fact]
    public async Task Minimal_instance_validates_and_omits_every_unset_field()
    {
        var schema = FeishuSchemas.ExternalInstanceCreate;

        await contract.Client.SyncInstanceAsync(SampleRequests.MinimalInstance(), default);

        var body = Wire.Body(contract.LastRequest);
        SchemaAssert.Valid(schema.Data, body, "minimal instance");
        Assert.Equal(
            ["approval_code", "end_time", "i18n_resources", "instance_id", "links", "start_time", "status", "update_time", "user_id"],
            body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cleanup_recipe_body_without_initiator_tasks_or_CCs_validates()
    {
        var schema = FeishuSchemas.ExternalInstanceCreate;

        await contract.Client.SyncInstanceAsync(SampleRequests.CleanupInstance(), default);

        var body = Wire.Body(contract.LastRequest);
        SchemaAssert.Valid(schema.Data, body, "clean-up body");
        Assert.Equal("REPLACE", body.GetProperty("update_mode").GetString());
        Assert.Equal("APPROVED", body.GetProperty("status").GetString());
        foreach (var absent in new[] { "user_id", "open_id", "task_list", "cc_list" })
        {
            Assert.False(body.TryGetProperty(absent, out _), $"the clean-up body must not carry {absent}");
        }
    }

    [Fact]
    public async Task Check_request_validates()
    {
        var schema = FeishuSchemas.ExternalInstanceCheck;

        await contract.Client.CheckInstancesAsync(SampleRequests.Check(), default);

        var request = contract.LastRequest;
        AssertEndpoint(schema, request);
        var body = Wire.Body(request);
        SchemaAssert.Valid(schema.Data, body, "check request");
        Assert.Empty(Wire.PropertiesNotSent(DataSchema(schema), body));
    }

    [Fact]
    public async Task Tasks_query_with_every_parameter_validates()
    {
        var schema = FeishuSchemas.TaskQuery;

        await contract.Client.QueryUserTasksAsync(
            new UserTasksQuery { UserId = "ou_7d8a6e6df7621556ce0d21922b676706", Topic = UserTaskTopics.ReadCc, PageSize = 200, PageToken = "token/with+chars=", UserIdType = "open_id" },
            default);

        var request = contract.LastRequest;
        AssertEndpoint(schema, request);
        Assert.Null(request.Body);
        var query = Wire.Query(request, schema);
        SchemaAssert.Valid(schema.Params, query, "tasks query");
        Assert.Equal(200m, query.GetProperty("page_size").GetDecimal());
        Assert.Equal("token/with+chars=", query.GetProperty("page_token").GetString());
    }

    [Theory]
    [MemberData(nameof(Topics))]
    public async Task Tasks_query_with_the_required_parameters_validates_for_every_topic(string topic)
    {
        var schema = FeishuSchemas.TaskQuery;

        await contract.Client.QueryUserTasksAsync(new UserTasksQuery { UserId = "ou_1", Topic = topic }, default);

        SchemaAssert.Valid(schema.Params, Wire.Query(contract.LastRequest, schema), $"tasks query for topic {topic}");
    }

    [Fact]
    public async Task External_tasks_list_body_and_paging_parameters_validate()
    {
        var schema = FeishuSchemas.ExternalTaskList;

        await contract.Client.ListExternalTasksAsync(
            new ExternalTasksQuery
            {
                ApprovalCodes = ["approval-code-1"],
                InstanceIds = ["inst-1", "inst-2"],
                UserIds = ["user-1"],
                Status = TaskStatus.Pending,
                PageSize = 50,
                PageToken = "next-page",
            },
            default);

        var request = contract.LastRequest;
        AssertEndpoint(schema, request);
        var body = Wire.Body(request);
        SchemaAssert.Valid(schema.Data, body, "external tasks body");
        Assert.Empty(Wire.PropertiesNotSent(DataSchema(schema), body));
        SchemaAssert.Valid(schema.Params, Wire.Query(request, schema), "external tasks paging");
    }

    [Fact]
    public async Task External_approval_definition_with_every_field_validates()
    {
        var schema = FeishuSchemas.ExternalApprovalCreate;

        await contract.Client.CreateExternalApprovalAsync(SampleRequests.FullDefinition(), default);

        var request = contract.LastRequest;
        AssertEndpoint(schema, request);
        var body = Wire.Body(request);
        SchemaAssert.Valid(schema.Data, body, "external approval definition");
        Assert.Empty(Wire.PropertiesNotSent(DataSchema(schema), body));
        SchemaAssert.Valid(schema.Params, Wire.Query(request, schema), "external approval parameters");
    }

    [Fact]
    public async Task Minimal_external_approval_definition_validates()
    {
        await contract.Client.CreateExternalApprovalAsync(
            new ExternalApprovalDefinition { ApprovalName = "@i18n@name", ApprovalCode = "code-1", GroupCode = "group-1", External = new ExternalApprovalSettings() },
            default);

        SchemaAssert.Valid(FeishuSchemas.ExternalApprovalCreate.Data, Wire.Body(contract.LastRequest), "minimal definition");
    }

    [Fact]
    public void Schemas_reject_a_time_sent_as_a_number_so_these_checks_have_teeth()
    {
        var body = JsonSerializer.SerializeToElement(new
        {
            approval_code = "a",
            instance_id = "i",
            status = "PENDING",
            links = new { pc_link = "https://x" },
            start_time = 1_700_000_000_000,
            end_time = "0",
            update_time = "1700000000000",
            i18n_resources = Array.Empty<object>(),
        });

        SchemaAssert.Invalid(FeishuSchemas.ExternalInstanceCreate.Data, body, "an instance with a numeric start_time");
    }

    public static TheoryData<string> Topics => [.. UserTaskTopics.All];

    private static JsonElement DataSchema(FeishuSchema schema) => schema.Document.GetProperty("schema").GetProperty("data");

    private static void AssertEndpoint(FeishuSchema schema, WireRequest request)
    {
        Assert.Equal(schema.HttpMethod, request.Method.Method);
        Assert.Equal(schema.Path, request.Path);
    }
}
