using System.Text;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Ingest;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalFunctions.UnitTests.Ingest;

public sealed class WebhookSignatureTests
{
    [Fact]
    public async Task Request_signed_with_the_configured_secret_is_accepted()
    {
        var request = IngestRequests.Signed(InstanceBodies.Full(), IngestRequests.SecretA);

        var result = await IngestRequests.SignedReader(IngestRequests.SecretA).ReadInstanceAsync(request, CancellationToken.None);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }

    [Fact]
    public async Task Second_signature_in_the_header_may_be_the_one_that_matches()
    {
        var request = IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA);
        var valid = request.Headers[WebhookSignatureVerifier.SignatureHeader].ToString();
        request.Headers[WebhookSignatureVerifier.SignatureHeader] = $"v1,{Convert.ToBase64String(new byte[32])} {valid}";

        var result = await IngestRequests.SignedReader(IngestRequests.SecretA).ReadInstanceAsync(request, CancellationToken.None);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }

    [Fact]
    public async Task Request_signed_with_the_second_configured_secret_is_accepted()
    {
        var request = IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretB);
        var reader = IngestRequests.Reader(new IngestOptions { WebhookSecrets = $"{IngestRequests.SecretA}, {IngestRequests.SecretB}" });

        var result = await reader.ReadInstanceAsync(request, CancellationToken.None);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }

    [Fact]
    public async Task Signature_at_the_edge_of_the_tolerance_is_accepted()
    {
        var request = IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA, IngestRequests.Now.AddMinutes(-5));

        var result = await IngestRequests.SignedReader(IngestRequests.SecretA).ReadInstanceAsync(request, CancellationToken.None);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }

    [Fact]
    public async Task Signature_goes_stale_as_the_clock_moves_on()
    {
        var clock = new FakeTimeProvider(IngestRequests.Now);
        var reader = IngestRequests.Reader(new IngestOptions { WebhookSecrets = IngestRequests.SecretA, SignatureTolerance = TimeSpan.FromSeconds(30) }, clock);
        clock.Advance(TimeSpan.FromSeconds(31));

        var result = await reader.ReadInstanceAsync(IngestRequests.Signed(InstanceBodies.Minimal(), IngestRequests.SecretA), CancellationToken.None);

        Assert.Equal(WebhookSignatureVerifier.TimestampHeader, Assert.Single(result.Problems).Path);
        Assert.Contains("too old: 31 s", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_is_checked_over_the_exact_bytes_not_reformatted_json()
    {
        var raw = "{ \"approval_code\" : \"A\" }";
        var request = IngestRequests.Raw(raw);
        request.Headers[WebhookSignatureVerifier.IdHeader] = "msg_1";
        request.Headers[WebhookSignatureVerifier.TimestampHeader] = IngestRequests.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers[WebhookSignatureVerifier.SignatureHeader] = IngestRequests.Signature(
            IngestRequests.SecretA, "msg_1", IngestRequests.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), JsonNode.Parse(raw)!.ToJsonString());

        var result = await IngestRequests.SignedReader(IngestRequests.SecretA).ReadInstanceAsync(request, CancellationToken.None);

        Assert.Equal(WebhookSignatureVerifier.SignatureHeader, Assert.Single(result.Problems).Path);
    }

    [Fact]
    public async Task Signed_request_with_an_invalid_instance_passes_the_signature_and_fails_validation()
    {
        var request = IngestRequests.Signed(InstanceBodies.Minimal().Set("status", "DONE"), IngestRequests.SecretA);

        var result = await IngestRequests.SignedReader(IngestRequests.SecretA).ReadInstanceAsync(request, CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("$.status", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void Verifier_matches_the_standard_webhooks_reference_example()
    {
        // The example of the Standard Webhooks reference libraries.
        var verifier = Verifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", DateTimeOffset.FromUnixTimeSeconds(1614265330));

        var problems = verifier.Verify(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=AAAA")]
    public void Signature_of_another_scheme_or_length_never_matches(string signature)
    {
        var verifier = Verifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", DateTimeOffset.FromUnixTimeSeconds(1614265330));

        var problems = verifier.Verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", signature, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));

        Assert.Equal(WebhookSignatureVerifier.SignatureHeader, Assert.Single(problems).Path);
    }

    [Fact]
    public void Every_missing_header_is_named()
    {
        var verifier = Verifier(IngestRequests.SecretA, IngestRequests.Now);

        var problems = verifier.Verify(null, " ", null, []);

        Assert.Equal(
            [WebhookSignatureVerifier.IdHeader, WebhookSignatureVerifier.TimestampHeader, WebhookSignatureVerifier.SignatureHeader],
            problems.Select(p => p.Path));
    }

    [Fact]
    public async Task Without_secrets_signature_headers_are_not_required()
    {
        var verifier = Verifier(secrets: null, IngestRequests.Now);

        var result = await IngestRequests.Reader().ReadInstanceAsync(IngestRequests.Json(InstanceBodies.Minimal()), CancellationToken.None);

        Assert.False(verifier.IsEnabled);
        Assert.True(result.IsValid);
    }

    private static WebhookSignatureVerifier Verifier(string? secrets, DateTimeOffset now) =>
        new(Options.Create(new IngestOptions { WebhookSecrets = secrets }), new FakeTimeProvider(now));
}
