using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using ApprovalFunctions.UnitTests.Feishu.Support;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class FeishuClientRequestTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5123")]
    [InlineData("http://127.0.0.1:5123/")]
    public async Task Base_url_of_a_local_emulator_is_used_as_given(string baseUrl)
    {
        await using var harness = FeishuClientHarness.Create(("BaseUrl", baseUrl));

        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);

        Assert.Equal("/open-apis/approval/v4/external_instances", Assert.Single(harness.Handler.ApiRequests).Path);
        Assert.Equal(ScriptedFeishuHandler.TokenPath, Assert.Single(harness.Handler.TokenRequests).Path);
    }

    [Fact]
    public async Task Base_url_with_a_path_keeps_its_prefix()
    {
        await using var harness = FeishuClientHarness.Create(("BaseUrl", "https://proxy.test/feishu"));

        await harness.Client.CheckInstancesAsync(new CheckInstancesRequest { Instances = [new CheckedInstance { InstanceId = "i", UpdateTime = 1, Tasks = [] }] }, default);

        Assert.Equal("/feishu/open-apis/approval/v4/external_instances/check", Assert.Single(harness.Handler.ApiRequests).Path);
        Assert.Equal("/feishu" + ScriptedFeishuHandler.TokenPath, Assert.Single(harness.Handler.TokenRequests).Path);
    }

    [Fact]
    public async Task Tasks_query_goes_in_the_query_string_percent_encoded()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Success("""{"tasks":[{"process_external_id":"inst-1","task_external_id":"task-1","status":"1"}],"has_more":true,"page_token":"p2","count":{"total":"3","has_more":false}}"""));

        var page = await harness.Client.QueryUserTasksAsync(
            new UserTasksQuery { UserId = "ou_a b", Topic = UserTaskTopics.Done, PageSize = 50, PageToken = "x/y+z", UserIdType = "open_id" }, default);

        var request = Assert.Single(harness.Handler.ApiRequests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("user_id=ou_a%20b&topic=2&page_size=50&page_token=x%2Fy%2Bz&user_id_type=open_id", request.Query);
        Assert.Null(request.Body);
        Assert.Equal("inst-1", Assert.Single(page.Data.Tasks).ProcessExternalId);
        Assert.True(page.Data.HasMore);
        Assert.Equal(3, page.Data.Count!.Total);
    }

    [Fact]
    public async Task External_tasks_list_is_a_GET_with_a_JSON_body_and_paging_in_the_query()
    {
        await using var harness = FeishuClientHarness.Create();

        await harness.Client.ListExternalTasksAsync(new ExternalTasksQuery { InstanceIds = ["inst-1"], PageSize = 20, PageToken = "p2" }, default);

        var request = Assert.Single(harness.Handler.ApiRequests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("page_size=20&page_token=p2", request.Query);
        Assert.Equal("""{"instance_ids":["inst-1"]}""", request.Body);
    }

    [Fact]
    public async Task Check_response_times_are_read_from_strings_or_numbers()
    {
        await using var harness = FeishuClientHarness.Create();
        harness.Handler.ThenApi(() => FeishuResponses.Success("""{"diff_instances":[{"instance_id":"inst-1","update_time":"1700000000005","tasks":[{"task_id":"task-1","update_time":0}]}]}"""));

        var result = await harness.Client.CheckInstancesAsync(new CheckInstancesRequest { Instances = [new CheckedInstance { InstanceId = "inst-1", UpdateTime = 1, Tasks = [] }] }, default);

        var diff = Assert.Single(result.Data.DiffInstances);
        Assert.Equal(1_700_000_000_005, diff.UpdateTime);
        Assert.Equal(0, Assert.Single(diff.Tasks).UpdateTime);
    }

    [Theory]
    [InlineData("", "1", null, "user_id")]
    [InlineData("ou_1", "4", null, "topic")]
    [InlineData("ou_1", "1", 201, "page_size")]
    public async Task Invalid_tasks_query_is_refused_naming_the_field_without_a_call(string userId, string topic, int? pageSize, string field)
    {
        await using var harness = FeishuClientHarness.Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.QueryUserTasksAsync(new UserTasksQuery { UserId = userId, Topic = topic, PageSize = pageSize }, default));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Handler.ApiRequests);
    }

    [Fact]
    public async Task Metrics_count_calls_requests_retries_and_failures_by_kind()
    {
        await using var harness = FeishuClientHarness.Create();
        using var calls = harness.Metric(FeishuMetrics.Calls);
        using var requests = harness.Metric(FeishuMetrics.Requests);
        using var retries = harness.Metric(FeishuMetrics.Retries);
        using var failures = harness.Metric(FeishuMetrics.Failures);
        using var tokens = harness.Metric(FeishuMetrics.TokenRequests);
        harness.Handler.ThenApi(
            () => FeishuResponses.Error(FeishuErrorCodes.InternalError, "internal error"),
            () => FeishuResponses.Success("{}"),
            () => FeishuResponses.Error(FeishuErrorCodes.ParamInvalid, "param is invalid"));

        await harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default);
        await Assert.ThrowsAsync<FeishuApiException>(() => harness.Client.SyncInstanceAsync(FeishuClientHarness.Instance(), default));

        Assert.Equal(["success", "failure"], calls.GetMeasurementSnapshot().Select(m => (string?)m.Tags["outcome"]));
        Assert.Equal(3, requests.GetMeasurementSnapshot().Count);
        Assert.Equal("backoff", (string?)Assert.Single(retries.GetMeasurementSnapshot()).Tags["reason"]);
        Assert.Equal("Permanent", (string?)Assert.Single(failures.GetMeasurementSnapshot()).Tags["kind"]);
        Assert.Single(tokens.GetMeasurementSnapshot());
    }
}
