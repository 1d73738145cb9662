using ApprovalFunctions.Core.Requests;

namespace ApprovalFunctions.UnitTests.Requests;

public sealed class RequestHeadersTests
{
    [Fact]
    public void Names_are_case_insensitive_and_a_header_sent_twice_keeps_both_values()
    {
        var headers = new RequestHeaders(
        [
            KeyValuePair.Create("webhook-signature", (IEnumerable<string?>)["v1,a"]),
            KeyValuePair.Create("Webhook-Signature", (IEnumerable<string?>)["v1,b"]),
            KeyValuePair.Create("Content-Length", (IEnumerable<string?>)["42"]),
        ]);

        Assert.Equal(["v1,a", "v1,b"], headers.Values("WEBHOOK-SIGNATURE"));
        Assert.Equal("v1,a, v1,b", headers["webhook-signature"]);
        Assert.Equal(42, headers.ContentLength);
        Assert.Null(headers.ContentType);
        Assert.Empty(headers.Values("x-operator"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("12 ")]
    [InlineData("many")]
    public void A_content_length_that_is_not_a_number_counts_as_undeclared(string value) =>
        Assert.Null(RequestHeaders.Of(("Content-Length", value)).ContentLength);

    [Fact]
    public async Task A_buffered_body_is_too_long_past_the_limit_and_whole_within_it()
    {
        var request = IncomingRequest.Of(new byte[10]);

        Assert.True((await request.Body.ReadAsync(9, CancellationToken.None)).IsTooLong);
        Assert.Equal(10, (await request.Body.ReadAsync(10, CancellationToken.None)).Bytes!.Value.Length);
    }

    [Theory]
    [InlineData(typeof(RequestHeaders))]
    [InlineData(typeof(ApprovalFunctions.Feishu.Client.FeishuApiException))]
    public void Core_and_the_Feishu_client_reference_no_web_framework_assembly(Type inAssembly)
    {
        // They read requests as headers and bytes: the HTTP stack is the FunctionApp's (issue 11).
        var referenced = inAssembly.Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains(referenced, name => name.StartsWith("System.", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("Microsoft.Net.Http.Headers", StringComparison.Ordinal));
    }
}
