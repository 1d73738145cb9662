using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.Feishu.Json;
using ApprovalFunctions.Feishu.Models;
using Microsoft.AspNetCore.Http;

namespace ApprovalFunctions.UnitTests.Ingest;

public sealed class IngestValidRequestTests
{
    [Fact]
    public async Task Full_instance_with_every_field_is_accepted_and_keeps_every_value()
    {
        var body = InstanceBodies.Full();

        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Json(body), CancellationToken.None);

        Assert.True(result.IsValid, Describe(result.Problems));
        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        var instance = result.Instance!;
        Assert.Equal("PO-2026-0002", instance.InstanceId);
        Assert.Equal(1_700_000_360_000, instance.UpdateTime);
        Assert.Equal(0, instance.EndTime);
        Assert.Equal(UpdateMode.Replace, instance.EffectiveUpdateMode);
        Assert.Equal(2, instance.TaskList!.Count);
        Assert.Equal(TaskGenerateType.Default, instance.TaskList[0].GenerateType);
        Assert.Equal("APPROVE", Assert.Single(instance.TaskList[0].ActionConfigs!).ActionType);
        Assert.Equal(ReadStatus.Unread, instance.CcList![0].ReadStatus);
        Assert.Equal(TrusteeshipFormPolicy.ByNode, instance.TrusteeshipCacheConfig!.FormPolicy);

        // What Feishu will be sent is what the source sent: nothing dropped, nothing added.
        var roundTrip = JsonNode.Parse(JsonSerializer.Serialize(instance, FeishuJsonContext.Default.ExternalInstance));
        Assert.True(JsonNode.DeepEquals(body, roundTrip), roundTrip!.ToJsonString());
    }

    [Fact]
    public async Task Minimal_instance_is_accepted()
    {
        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Json(InstanceBodies.Minimal()), CancellationToken.None);

        Assert.True(result.IsValid, Describe(result.Problems));
        Assert.Null(result.Instance!.TaskList);
        Assert.Null(result.Instance.UpdateMode);
        Assert.Equal(UpdateMode.Replace, result.Instance.EffectiveUpdateMode);
    }

    [Fact]
    public async Task Update_body_is_accepted_as_update()
    {
        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Json(InstanceBodies.Update()), CancellationToken.None);

        Assert.True(result.IsValid, Describe(result.Problems));
        Assert.Equal(UpdateMode.Update, result.Instance!.UpdateMode);
        var task = Assert.Single(result.Instance.TaskList!);
        Assert.Equal(ApprovalFunctions.Feishu.Models.TaskStatus.Approved, task.Status);
        Assert.Equal(1_700_000_360_000, task.UpdateTime);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=\"UTF-8\"")]
    public async Task Json_content_types_with_utf8_or_no_charset_are_accepted(string contentType)
    {
        var request = IngestRequests.Raw(InstanceBodies.Minimal().ToJsonString(), contentType);

        var result = await IngestRequests.Reader().ReadInstanceAsync(request, CancellationToken.None);

        Assert.True(result.IsValid, Describe(result.Problems));
    }

    [Fact]
    public async Task Body_with_a_utf8_byte_order_mark_and_no_content_length_is_accepted()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. JsonSerializer.SerializeToUtf8Bytes(InstanceBodies.Minimal())];

        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Bytes(body, declareLength: false), CancellationToken.None);

        Assert.True(result.IsValid, Describe(result.Problems));
    }

    [Fact]
    public async Task Optional_properties_sent_as_null_count_as_absent()
    {
        var body = InstanceBodies.Minimal().Set("title", null).Set("task_list", null).Set("update_mode", null);

        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Json(body), CancellationToken.None);

        Assert.True(result.IsValid, Describe(result.Problems));
        Assert.Null(result.Instance!.Title);
    }

    [Fact]
    public async Task Instance_at_the_limits_of_300_tasks_and_200_ccs_is_accepted()
    {
        var body = InstanceBodies.Minimal().WithTasks(300).WithCcs(200);

        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Json(body), CancellationToken.None);

        Assert.True(result.IsValid, Describe(result.Problems));
        Assert.Equal(300, result.Instance!.TaskList!.Count);
        Assert.Equal(200, result.Instance.CcList!.Count);
    }

    [Fact]
    public async Task Ids_that_are_unsafe_as_table_keys_are_accepted()
    {
        var body = InstanceBodies.Minimal("PO/2026#1?x\\y");

        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Json(body), CancellationToken.None);

        Assert.True(result.IsValid, Describe(result.Problems));
        Assert.Equal("PO/2026#1?x\\y", result.Instance!.InstanceId);
    }

    [Fact]
    public async Task Every_problem_of_an_instance_is_reported_at_once()
    {
        var body = InstanceBodies.Full()
            .Set("status", "pending")
            .Set("task_list[0].update_time", 1700000360000)
            .Set("cc_list[1].cc_id", "PO-2026-0002")
            .Without("links.pc_link")
            .Set("task_list[1].title", "@i18n@nowhere");

        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Json(body), CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        Assert.Equal(
            ["$.cc_list[1].cc_id", "$.links.pc_link", "$.status", "$.task_list[0].update_time", "$.task_list[1].title"],
            result.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Batch_item_with_a_problem_is_rejected_alone_and_the_others_are_valid()
    {
        var body = InstanceBodies.BatchEnvelope(
            InstanceBodies.Minimal("PO-1"),
            InstanceBodies.Full("PO-2").Set("task_list[0].status", "WAITING"),
            InstanceBodies.Update("PO-3"));

        var batch = await IngestRequests.Reader().ReadBatchAsync(IngestRequests.Json(body), CancellationToken.None);

        Assert.True(batch.IsEnvelopeValid, Describe(batch.Problems));
        Assert.Equal(StatusCodes.Status200OK, batch.StatusCode);
        Assert.Equal(3, batch.Items.Count);
        Assert.Equal("PO-1", batch.Items[0].Instance!.InstanceId);
        Assert.False(batch.Items[1].IsValid);
        Assert.Equal(StatusCodes.Status400BadRequest, batch.Items[1].StatusCode);
        Assert.Equal("$.instances[1].task_list[0].status", Assert.Single(batch.Items[1].Problems).Path);
        Assert.Equal(UpdateMode.Update, batch.Items[2].Instance!.UpdateMode);
    }

    [Fact]
    public async Task Batch_item_that_is_not_an_object_is_reported_by_its_index()
    {
        var body = InstanceBodies.BatchEnvelope(InstanceBodies.Minimal("PO-1"), "PO-2");

        var batch = await IngestRequests.Reader().ReadBatchAsync(IngestRequests.Json(body), CancellationToken.None);

        Assert.True(batch.Items[0].IsValid);
        Assert.Equal("$.instances[1]", Assert.Single(batch.Items[1].Problems).Path);
    }

    [Fact]
    public async Task Batch_of_exactly_the_maximum_size_is_accepted()
    {
        var body = InstanceBodies.BatchEnvelope(Enumerable.Range(1, 100).Select(i => (JsonNode)InstanceBodies.Minimal($"PO-{i}")).ToArray());

        var batch = await IngestRequests.Reader().ReadBatchAsync(IngestRequests.Json(body), CancellationToken.None);

        Assert.True(batch.IsEnvelopeValid, Describe(batch.Problems));
        Assert.All(batch.Items, item => Assert.True(item.IsValid));
    }

    [Fact]
    public async Task Endless_body_without_content_length_is_cut_off_at_the_limit()
    {
        var body = new EndlessStream();
        var reader = IngestRequests.Reader(new IngestOptions { MaxBodyBytes = 4096 });

        var result = await reader.ReadInstanceAsync(IngestRequests.Stream(body), CancellationToken.None);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
        Assert.InRange(body.BytesRead, 4097, 4096 + 16 * 1024);
    }

    private static string Describe(IReadOnlyList<IngestProblem> problems) =>
        string.Join(Environment.NewLine, problems.Select(p => $"{p.Path}: {p.Message}"));

    /// <summary>A body that never ends, counting what was read from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
