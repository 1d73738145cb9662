using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.Core.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.Ingest;

public sealed class IngestOptionsTests
{
    [Fact]
    public void Defaults_are_those_documented()
    {
        var options = Resolve(new Dictionary<string, string?>()).GetRequiredService<IOptions<IngestOptions>>().Value;

        Assert.Equal(524288, options.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), options.SignatureTolerance);
        Assert.Equal(100, options.MaxBatchSize);
        Assert.True(string.IsNullOrEmpty(options.WebhookSecrets));
    }

    [Fact]
    public void Settings_bind_from_the_ingest_section_and_the_reader_resolves()
    {
        var services = Resolve(new()
        {
            ["Ingest:MaxBodyBytes"] = "65536",
            ["Ingest:SignatureTolerance"] = "00:02:00",
            ["Ingest:WebhookSecrets"] = $"{IngestRequests.SecretA},{IngestRequests.SecretB}",
        });

        var options = services.GetRequiredService<IOptions<IngestOptions>>().Value;
        Assert.Equal(65536, options.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromMinutes(2), options.SignatureTolerance);
        Assert.True(services.GetRequiredService<WebhookSignatureVerifier>().IsEnabled);
        Assert.IsType<IngestRequestReader>(services.GetRequiredService<IIngestRequestReader>());
        Assert.Same(services.GetRequiredService<IIngestRequestReader>(), services.GetRequiredService<IIngestRequestReader>());
    }

    [Theory]
    [InlineData("c2VjcmV0LXdpdGhvdXQtcHJlZml4LTEyMzQ1Njc4OTA=", "must start with 'whsec_'")]
    [InlineData("whsec_not*base64!", "is not valid Base64")]
    [InlineData("whsec_c2hvcnQ=", "decodes to 5 bytes")]
    public async Task Malformed_secret_fails_start_up_naming_the_setting_but_not_the_secret(string badSecret, string reason)
    {
        using var host = Host(new() { ["Ingest:WebhookSecrets"] = $"{IngestRequests.SecretA} {badSecret}" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Ingest:WebhookSecrets (secret 2 of 2)", failure.Message, StringComparison.Ordinal);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(badSecret, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(IngestRequests.SecretA, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_range_number_fails_start_up()
    {
        using var host = Host(new() { ["Ingest:MaxBatchSize"] = "0" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(nameof(IngestOptions.MaxBatchSize), failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddIngest();
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddIngest();
        return builder.Build();
    }
}
