using ApprovalFunctions.Core.QuickApproval;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class FeishuCallbackAnswerTests
{
    private static SourceAnswer Answer(int status, string? message = null, bool? withoutPrefix = null) =>
        SourceActionClient.Classify(status, message, withoutPrefix, TimeSpan.FromMilliseconds(30));

    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(204)]
    public void Source_2xx_is_Feishu_success(int status)
    {
        var (code, body) = FeishuCallbackAnswer.For(Answer(status));

        Assert.Equal(200, code);
        Assert.Equal((0, "success", null), (body.Code, body.Msg, body.Message));
    }

    [Theory]
    [InlineData(409, 409)]
    [InlineData(403, 403)]
    [InlineData(422, 422)]
    [InlineData(400, 422)]
    public void Source_refusal_with_a_message_shows_that_message_under_a_status_above_400(int sourceStatus, int feishuStatus)
    {
        var (code, body) = FeishuCallbackAnswer.For(Answer(sourceStatus, "预算已冻结 Budget frozen", withoutPrefix: true));

        Assert.Equal(feishuStatus, code);
        Assert.Equal("预算已冻结 Budget frozen", body.Message);
        Assert.True(body.WithoutPrefix);
        Assert.Null(body.Code);
    }

    [Fact]
    public void Source_refusal_without_a_message_gets_a_generic_one_naming_the_status()
    {
        var (code, body) = FeishuCallbackAnswer.For(Answer(404));

        Assert.Equal(404, code);
        Assert.Equal("审批系统拒绝了此操作（HTTP 404）。The approval system refused this action (HTTP 404).", body.Message);
        Assert.Null(body.WithoutPrefix);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(408)]
    [InlineData(302)]
    public void Source_failure_asks_the_approver_to_try_again(int status)
    {
        var (code, body) = FeishuCallbackAnswer.For(Answer(status, "internal detail"));

        Assert.Equal(502, code);
        Assert.Equal(FeishuCallbackAnswer.Unavailable, body.Message);
    }

    [Fact]
    public void Source_timeout_says_so()
    {
        var (code, body) = FeishuCallbackAnswer.For(new SourceAnswer(SourceOutcome.Failed, null, null, null, SourceFailureKinds.Timeout, TimeSpan.FromSeconds(4)));

        Assert.Equal(504, code);
        Assert.Equal(FeishuCallbackAnswer.TimedOut, body.Message);
    }

    [Fact]
    public void Unreachable_source_asks_the_approver_to_try_again()
    {
        var (code, body) = FeishuCallbackAnswer.For(new SourceAnswer(SourceOutcome.Failed, null, null, null, SourceFailureKinds.Unreachable, TimeSpan.Zero));

        Assert.Equal((502, FeishuCallbackAnswer.Unavailable), (code, body.Message));
    }
}
