using ApprovalFunctions.Core.Facade;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalFunctions.UnitTests.Facade;

public sealed class FacadeTokensTests
{
    private const string AppId = "cli_source";
    private const string Secret = "a-facade-secret-of-32-characters";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 8, 17, 42, TimeSpan.Zero));

    [Fact]
    public void A_token_lives_at_most_two_hours_and_at_least_thirty_minutes()
    {
        var tokens = Tokens();
        for (var minute = 0; minute < 400; minute += 7)
        {
            var issued = tokens.Issue(FacadeTokenKind.Tenant);
            Assert.InRange(issued.ExpireSeconds, 1800, 7200);
            Assert.StartsWith("t-", issued.Token, StringComparison.Ordinal);
            clock.Advance(TimeSpan.FromMinutes(7));
        }
    }

    [Fact]
    public void Asking_again_with_thirty_minutes_or_more_left_returns_the_same_token_with_less_time()
    {
        var tokens = Tokens();
        var first = tokens.Issue(FacadeTokenKind.Tenant);
        var reuse = TimeSpan.FromSeconds(first.ExpireSeconds) - FacadeTokens.ReuseThreshold;

        clock.Advance(reuse);
        var again = tokens.Issue(FacadeTokenKind.Tenant);

        Assert.Equal(first.Token, again.Token);
        Assert.Equal(first.ExpireSeconds - (long)reuse.TotalSeconds, again.ExpireSeconds);
    }

    [Fact]
    public void With_less_than_thirty_minutes_left_a_new_two_hour_token_comes_and_the_old_one_stays_valid_until_its_expiry()
    {
        var tokens = Tokens();
        var first = tokens.Issue(FacadeTokenKind.Tenant);
        clock.Advance(TimeSpan.FromSeconds(first.ExpireSeconds) - FacadeTokens.ReuseThreshold + TimeSpan.FromSeconds(1));

        var second = tokens.Issue(FacadeTokenKind.Tenant);

        Assert.NotEqual(first.Token, second.Token);
        Assert.InRange(second.ExpireSeconds, 7200 - 2, 7200);
        Assert.Equal(FacadeTokenCheck.Valid, tokens.Check(first.Token, FacadeTokenKind.Tenant));
        clock.Advance(FacadeTokens.ReuseThreshold);
        Assert.Equal(FacadeTokenCheck.Expired, tokens.Check(first.Token, FacadeTokenKind.Tenant));
        Assert.Equal(FacadeTokenCheck.Valid, tokens.Check(second.Token, FacadeTokenKind.Tenant));
    }

    [Fact]
    public void Another_host_with_the_same_settings_hands_out_and_accepts_the_same_token()
    {
        var issued = Tokens().Issue(FacadeTokenKind.Tenant);
        var otherHost = Tokens();

        Assert.Equal(issued.Token, otherHost.Issue(FacadeTokenKind.Tenant).Token);
        Assert.Equal(FacadeTokenCheck.Valid, otherHost.Check(issued.Token, FacadeTokenKind.Tenant));
    }

    [Fact]
    public void A_token_signed_under_another_secret_or_app_id_or_of_the_other_kind_is_invalid()
    {
        var tokens = Tokens();
        var tenant = tokens.Issue(FacadeTokenKind.Tenant).Token;
        var app = tokens.Issue(FacadeTokenKind.App).Token;

        Assert.Equal(FacadeTokenCheck.Invalid, Tokens(secret: Secret + "-rotated").Check(tenant, FacadeTokenKind.Tenant));
        Assert.Equal(FacadeTokenCheck.Invalid, Tokens(appId: "cli_other").Check(tenant, FacadeTokenKind.Tenant));
        Assert.Equal(FacadeTokenCheck.Invalid, tokens.Check("t-" + app[2..], FacadeTokenKind.Tenant));
        Assert.Equal(FacadeTokenCheck.Valid, tokens.Check(app, FacadeTokenKind.App));
    }

    [Fact]
    public void A_changed_expiry_breaks_the_signature()
    {
        var tokens = Tokens();
        var token = tokens.Issue(FacadeTokenKind.Tenant).Token;
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(2));
        payload[7] ^= 0x01;

        Assert.Equal(FacadeTokenCheck.Invalid, tokens.Check("t-" + System.Buffers.Text.Base64Url.EncodeToString(payload), FacadeTokenKind.Tenant));
    }

    [Theory]
    [InlineData("")]
    [InlineData("t-")]
    [InlineData("t-g1044abcdEFGH")]
    [InlineData("u-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("t-!!!!")]
    public void A_string_not_shaped_like_our_tokens_is_malformed(string token) =>
        Assert.Equal(FacadeTokenCheck.Malformed, Tokens().Check(token, FacadeTokenKind.Tenant));

    [Fact]
    public void Credentials_match_only_when_both_are_right()
    {
        var tokens = Tokens();

        Assert.True(tokens.CredentialsMatch(AppId, Secret));
        Assert.False(tokens.CredentialsMatch(AppId, Secret + "x"));
        Assert.False(tokens.CredentialsMatch("cli_other", Secret));
        Assert.False(tokens.CredentialsMatch(AppId, string.Empty));
    }

    [Fact]
    public void The_token_does_not_carry_the_secret_and_its_string_form_hides_it()
    {
        var issued = Tokens().Issue(FacadeTokenKind.Tenant);

        Assert.DoesNotContain(Secret, issued.Token, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Token, issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_credentials_the_surface_is_off_and_no_token_is_valid()
    {
        var off = new FacadeTokens(Options.Create(new FacadeOptions()), clock);
        var token = Tokens().Issue(FacadeTokenKind.Tenant).Token;

        Assert.False(off.IsEnabled);
        Assert.False(off.CredentialsMatch(string.Empty, string.Empty));
        Assert.Equal(FacadeTokenCheck.Invalid, off.Check(token, FacadeTokenKind.Tenant));
        Assert.Throws<InvalidOperationException>(() => off.Issue(FacadeTokenKind.Tenant));
    }

    private FacadeTokens Tokens(string appId = AppId, string secret = Secret) =>
        new(Options.Create(new FacadeOptions { AppId = appId, AppSecret = secret }), clock);
}
