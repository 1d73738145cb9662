using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.Core.QuickApproval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class CallbackOptionsTests
{
    private static CallbackOptions Bind(params (string Key, string? Value)[] settings)
    {
        // Later settings win, as in configuration layered from several sources.
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            values["Callback:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddQuickApproval().BuildServiceProvider();
        return services.GetRequiredService<IOptions<CallbackOptions>>().Value;
    }

    private static string Failure(params (string Key, string? Value)[] settings) =>
        Assert.Throws<OptionsValidationException>(() => Bind(settings)).Message;

    [Fact]
    public void Nothing_configured_leaves_quick_approval_off_with_Feishus_deadline_defaults()
    {
        var options = Bind();

        Assert.False(options.IsConfigured);
        Assert.Equal((TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(10)), (options.Timeout, options.CompletionGrace));
    }

    [Fact]
    public void Token_and_secret_without_a_source_url_leave_it_off_as_infra_deploys_it()
    {
        var options = Bind(("Token", "t"), ("Key", "k"), ("SourceSecret", QuickApprovalTestData.SourceSecret), ("SourceUrl", ""));

        Assert.False(options.IsConfigured);
    }

    [Fact]
    public void Source_url_token_and_secret_turn_it_on()
    {
        var options = Bind(("Token", "t"), ("SourceUrl", "https://erp.example.com/actions"), ("SourceSecret", QuickApprovalTestData.SourceSecret));

        Assert.True(options.IsConfigured);
        Assert.Equal(new Uri("https://erp.example.com/actions"), options.SourceUri);
    }

    [Fact]
    public void A_source_url_without_token_or_secret_stops_start_up_naming_both()
    {
        var message = Failure(("SourceUrl", "https://erp.example.com/actions"));

        Assert.Contains("Callback:Token", message, StringComparison.Ordinal);
        Assert.Contains("Callback:SourceSecret", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SourceUrl", "erp.example.com/actions", "Callback:SourceUrl must be an absolute http or https URL")]
    [InlineData("SourceUrl", "ftp://erp.example.com/actions", "Callback:SourceUrl must be an absolute http or https URL")]
    [InlineData("PublicBaseUrl", "https://app.example.com/?x=1", "Callback:PublicBaseUrl must be an absolute http or https URL without a query")]
    [InlineData("SourceSecret", "plain-secret", "Callback:SourceSecret (secret 1 of 1) must start with 'whsec_'")]
    [InlineData("Key", "   ", "Callback:Key must not be blank")]
    [InlineData("Timeout", "00:00:12", "Timeout")]
    public void A_malformed_setting_stops_start_up_naming_it(string key, string value, string expected)
    {
        var message = Failure(("Token", "t"), ("SourceSecret", QuickApprovalTestData.SourceSecret), (key, value));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
