using System.Text;
using ApprovalFunctions.UnitTests.FunctionApp;
using ApprovalFunctions.Core.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalFunctions.UnitTests.Ingest;

public sealed class WebhookSignerTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"action_type\":\"APPROVE\"}");

    private static IReadOnlyList<IngestProblem> Verify(string secrets, WebhookSignature signature, byte[] body, DateTimeOffset now) =>
        new WebhookSignatureVerifier(Options.Create(new IngestOptions { WebhookSecrets = secrets }), new FakeTimeProvider(now))
            .Verify(new HeaderDictionary
            {
                [WebhookSignatureVerifier.IdHeader] = signature.Id,
                [WebhookSignatureVerifier.TimestampHeader] = signature.Timestamp,
                [WebhookSignatureVerifier.SignatureHeader] = signature.Signature,
            }, body);

    [Fact]
    public void The_signature_is_the_one_of_the_Standard_Webhooks_example()
    {
        // The specification's worked example: every signer in the repository is this one, so it is checked against
        // a value computed elsewhere, not against itself.
        var signature = WebhookSigner.FromSecrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "Test:Secret")
            .Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));

        Assert.Equal(("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330"), (signature.Id, signature.Timestamp));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature.Signature);
    }

    [Fact]
    public void What_the_signer_signs_the_verifier_accepts_and_a_changed_body_it_refuses()
    {
        var signature = WebhookSigner.FromSecrets(IngestRequests.SecretA, "Test:Secret").Sign("msg_1", IngestRequests.Now, Body);

        Assert.Equal(("msg_1", IngestRequests.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)), (signature.Id, signature.Timestamp));
        Assert.Empty(Verify(IngestRequests.SecretA, signature, Body, IngestRequests.Now));
        Assert.NotEmpty(Verify(IngestRequests.SecretA, signature, [.. Body, (byte)' '], IngestRequests.Now));
        Assert.NotEmpty(Verify(IngestRequests.UnknownSecret, signature, Body, IngestRequests.Now));
    }

    [Fact]
    public void Signing_with_every_configured_secret_lets_a_receiver_holding_any_one_verify()
    {
        var signature = WebhookSigner.FromSecrets($"{IngestRequests.SecretA},{IngestRequests.SecretB}", "Test:Secret").Sign("msg_2", IngestRequests.Now, Body);

        Assert.Equal(2, signature.Signature.Split(' ').Length);
        Assert.Empty(Verify(IngestRequests.SecretA, signature, Body, IngestRequests.Now));
        Assert.Empty(Verify(IngestRequests.SecretB, signature, Body, IngestRequests.Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_short")]
    [InlineData("no-prefix")]
    public void A_missing_or_malformed_secret_fails_naming_the_setting(string secrets)
    {
        var error = Assert.Throws<InvalidOperationException>(() => WebhookSigner.FromSecrets(secrets, "Callback:SourceSecret"));

        Assert.StartsWith("Callback:SourceSecret", error.Message, StringComparison.Ordinal);
    }
}
