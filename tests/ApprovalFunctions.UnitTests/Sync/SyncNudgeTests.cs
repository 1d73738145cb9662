using ApprovalFunctions.Core.Storage.Queues;
using ApprovalFunctions.Core.Sync;

namespace ApprovalFunctions.UnitTests.Sync;

public sealed class SyncNudgeTests
{
    [Fact]
    public void Nudge_serializes_as_snake_case_json_and_back()
    {
        var json = SyncQueue.Serialize(new SyncNudge("inst/1", 7, 2, FromIngest: true));

        Assert.Equal("{\"instance_id\":\"inst/1\",\"version\":7,\"attempt\":2,\"from_ingest\":true}", json);
        Assert.Equal(new SyncNudge("inst/1", 7, 2, FromIngest: true), SyncQueue.Deserialize(json));
    }

    [Fact]
    public void Nudge_without_attempt_starts_at_zero_and_is_not_taken_for_an_ingest_nudge()
    {
        var nudge = SyncQueue.Deserialize("{\"instance_id\":\"a\",\"version\":1}");

        Assert.Equal(0, nudge.Attempt);
        Assert.False(nudge.FromIngest);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\":1}")]
    [InlineData("null")]
    public void A_message_that_is_not_a_nudge_is_a_clear_error(string message)
    {
        var error = Assert.Throws<FormatException>(() => SyncQueue.Deserialize(message));

        Assert.Contains("instance_id", error.Message, StringComparison.Ordinal);
    }
}
