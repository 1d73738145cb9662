using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.UnitTests.FunctionApp;
using ApprovalFunctions.Core.QuickApproval;
using Microsoft.AspNetCore.Http;
using static ApprovalFunctions.UnitTests.QuickApproval.QuickApprovalTestData;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class FeishuCallbackReaderTests
{
    private static readonly FeishuCallbackReader PlainReader = new(Wrap(Options()));
    private static readonly FeishuCallbackReader EncryptedReader = new(Wrap(Options(key: Key)));

    [Fact]
    public void Plain_callback_with_the_token_is_read_field_by_field()
    {
        var attachments = new JsonArray(new JsonObject { ["file_type"] = "IMAGE", ["file_size"] = 2048, ["file_name"] = "a.png", ["url"] = "https://f/a.png" });

        var read = PlainReader.Read(Plain(Callback(c => c["attachments"] = attachments)));

        Assert.Equal(StatusCodes.Status200OK, read.StatusCode);
        var callback = Assert.IsType<FeishuActionCallback>(read.Callback);
        Assert.Equal(("APPROVE", "ctx-42", "ou_approver", "PURCHASE", "PR-1", "PR-1-T2", "fine by me"),
            (callback.ActionType, callback.ActionContext, callback.UserId, callback.ApprovalCode, callback.InstanceId, callback.TaskId, callback.Reason));
        Assert.Equal(attachments.ToJsonString(), JsonNode.Parse(callback.Attachments!.Value.GetRawText())!.ToJsonString());
    }

    [Fact]
    public void Encrypted_callback_with_the_configured_key_is_read()
    {
        var read = EncryptedReader.Read(Encrypted(Callback(c => c["action_type"] = "REJECT")));

        Assert.Equal("REJECT", read.Callback?.ActionType);
    }

    [Theory]
    [InlineData("token-of-the-definitioN")]
    [InlineData("token-of-the-definition ")]
    [InlineData("t")]
    [InlineData("")]
    public void A_wrong_or_empty_token_is_401(string token)
    {
        var read = PlainReader.Read(Plain(Callback(c => c["token"] = token)));

        Assert.Equal(StatusCodes.Status401Unauthorized, read.StatusCode);
        Assert.Null(read.Callback);
        Assert.Equal("$.token", read.Field);
    }

    [Fact]
    public void A_callback_without_a_token_is_401()
    {
        var read = PlainReader.Read(Plain(Callback(c => c.Remove("token"))));

        Assert.Equal(StatusCodes.Status401Unauthorized, read.StatusCode);
    }

    [Fact]
    public void A_wrong_token_inside_a_well_encrypted_body_is_401()
    {
        var read = EncryptedReader.Read(Encrypted(Callback(c => c["token"] = "guess")));

        Assert.Equal((StatusCodes.Status401Unauthorized, "$.token"), (read.StatusCode, read.Field));
    }

    [Fact]
    public void With_a_key_set_a_plain_body_is_401_even_with_the_right_token()
    {
        var read = EncryptedReader.Read(Plain(Callback()));

        Assert.Equal((StatusCodes.Status401Unauthorized, "$.encrypt"), (read.StatusCode, read.Field));
        Assert.Contains("must be encrypted", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_encrypted_with_another_key_is_401()
    {
        var read = EncryptedReader.Read(Encrypted(Callback(), key: "someone else's key"));

        Assert.Equal((StatusCodes.Status401Unauthorized, "$.encrypt"), (read.StatusCode, read.Field));
    }

    [Fact]
    public void An_encrypted_body_without_a_configured_key_is_400_naming_the_setting()
    {
        var read = PlainReader.Read(Encrypted(Callback()));

        Assert.Equal(StatusCodes.Status400BadRequest, read.StatusCode);
        Assert.Contains("Callback:Key is not set", read.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"encrypt\": 42}")]
    [InlineData("{\"encrypt\": \"%%%\"}")]
    [InlineData("{\"encrypt\": \"AAAA\"}")]
    public void Encrypt_that_is_no_AES_CBC_Base64_is_400(string body)
    {
        var read = EncryptedReader.Read(Encoding.UTF8.GetBytes(body));

        Assert.Equal((StatusCodes.Status400BadRequest, "$.encrypt"), (read.StatusCode, read.Field));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"action_type\": \"APPROVE\"} trailing")]
    public void A_body_that_is_no_JSON_object_is_400(string body)
    {
        var read = PlainReader.Read(Encoding.UTF8.GetBytes(body));

        Assert.Equal((StatusCodes.Status400BadRequest, "$"), (read.StatusCode, read.Field));
    }

    public static TheoryData<string, string> MalformedFields => new()
    {
        { "{\"action_type\": null}", "$.action_type" },
        { "{\"action_type\": \"CONSENT\"}", "$.action_type" },
        { "{\"action_type\": 1}", "$.action_type" },
        { "{\"user_id\": 7}", "$.user_id" },
        { "{\"reason\": [\"a\"]}", "$.reason" },
        { "{\"instance_id\": true}", "$.instance_id" },
        { "{\"attachments\": {\"url\": \"x\"}}", "$.attachments" },
        { "{\"attachments\": [\"x\"]}", "$.attachments" },
        { "{\"task_id\": null}", "$.task_id" },
    };

    [Theory]
    [MemberData(nameof(MalformedFields))]
    public void A_malformed_field_is_400_naming_it(string fields, string path)
    {
        var changes = JsonNode.Parse(fields)!.AsObject();

        var read = PlainReader.Read(Plain(Callback(c =>
        {
            foreach (var (name, value) in changes)
            {
                c[name] = value?.DeepClone();
            }
        })));

        Assert.Equal((StatusCodes.Status400BadRequest, path), (read.StatusCode, read.Field));
    }

    [Fact]
    public void An_instance_id_longer_than_any_the_app_syncs_is_400()
    {
        var read = PlainReader.Read(Plain(Callback(c => c["instance_id"] = new string('x', 721))));

        Assert.Equal((StatusCodes.Status400BadRequest, "$.instance_id"), (read.StatusCode, read.Field));
    }

    [Fact]
    public void A_card_action_names_its_task_by_message_id()
    {
        var read = PlainReader.Read(Plain(Callback(c =>
        {
            c.Remove("task_id");
            c.Remove("instance_id");
            c["message_id"] = "om_card";
        })));

        Assert.Equal("om_card", read.Callback?.MessageId);
        Assert.Null(read.Callback?.EffectiveTaskId);
    }

    [Fact]
    public async Task A_body_over_the_cap_is_413_whether_or_not_it_declares_its_length()
    {
        var options = Options();
        options.MaxBodyBytes = 1024;
        var reader = new FeishuCallbackReader(Wrap(options));
        var body = Plain(Callback(c => c["reason"] = new string('r', 2000)));

        foreach (var declared in new long?[] { body.Length, null })
        {
            var context = new DefaultHttpContext();
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = declared;

            var read = await reader.ReadAsync(context.Request, CancellationToken.None);

            Assert.Equal(StatusCodes.Status413PayloadTooLarge, read.StatusCode);
        }
    }
}
