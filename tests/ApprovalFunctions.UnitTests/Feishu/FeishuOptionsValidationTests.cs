using ApprovalFunctions.Feishu.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.Feishu;

public sealed class FeishuOptionsValidationTests
{
    [Theory]
    [InlineData("AppId")]
    [InlineData("AppSecret")]
    public async Task Start_fails_when_a_credential_is_missing(string missing)
    {
        var settings = ValidSettings();
        settings.Remove("Feishu:" + missing);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(settings));

        Assert.Contains(error.Failures, failure => failure.Contains(missing, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("RateLimit:CallsPerSecond", "0", "CallsPerSecond")]
    [InlineData("RateLimit:MaxHostCount", "0", "MaxHostCount")]
    [InlineData("BaseUrl", "ftp://open.feishu.cn", "BaseUrl")]
    [InlineData("MaxRetries", "11", "MaxRetries")]
    public async Task Start_fails_on_an_invalid_setting_naming_it(string key, string value, string named)
    {
        var settings = ValidSettings();
        settings["Feishu:" + key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(settings));

        Assert.Contains(error.Failures, failure => failure.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_succeeds_with_valid_settings()
    {
        await StartAsync(ValidSettings());
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Feishu:AppId"] = "cli_test",
        ["Feishu:AppSecret"] = "secret",
    };

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddFeishuApprovalClient();
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }
}
