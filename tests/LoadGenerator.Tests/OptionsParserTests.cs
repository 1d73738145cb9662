using ApprovalFunctions.LoadGenerator.Cli;

namespace ApprovalFunctions.LoadGenerator.Tests;

public sealed class OptionsParserTests
{
    [Fact]
    public void No_arguments_give_the_issue_scenario_against_the_local_host()
    {
        var options = OptionsParser.Parse([]);

        Assert.Equal(new Uri("http://127.0.0.1:7071/"), options.Target);
        Assert.Equal(new Uri("http://127.0.0.1:7300/"), options.Feishu);
        Assert.Equal(1000, options.Instances);
        Assert.Equal(8, options.ChangesPerInstance);
        Assert.Equal(50, options.Concurrency);
        Assert.Equal(0.1, options.DuplicateRate);
        Assert.Equal(0.1, options.ReorderRate);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ConsistencyTimeout);
        Assert.False(options.IngestOnly);
        Assert.False(options.ExactTimes);
    }

    [Fact]
    public void Values_are_read_after_the_name_or_after_an_equals_sign()
    {
        var options = OptionsParser.Parse([
            "--target", "http://localhost:9000/base", "--instances=20", "--bursts", "0.5", "--seed", "-3", "--ingest-only",
            "--json", "--consistency-timeout", "90s", "--function-key", "abc", "--keep-submit-first=false", "--exact-times",
        ]);

        Assert.Equal(new Uri("http://localhost:9000/base/"), options.Target);
        Assert.Equal(20, options.Instances);
        Assert.Equal(0.5, options.BurstShare);
        Assert.Equal(-3, options.Seed);
        Assert.True(options.IngestOnly);
        Assert.True(options.Json);
        Assert.False(options.KeepSubmitFirst);
        Assert.Equal(TimeSpan.FromSeconds(90), options.ConsistencyTimeout);
        Assert.Equal("abc", options.FunctionKey);
        Assert.True(options.ExactTimes);
    }

    [Theory]
    [InlineData("600", 600)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("250ms", 0.25)]
    [InlineData("00:02:00", 120)]
    public void Durations_take_seconds_units_or_time_spans(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OptionsParser.ParseDuration("--consistency-timeout", text));

    [Fact]
    public void Feishu_faults_become_the_emulator_setting_names()
    {
        var faults = OptionsParser.Parse(["--feishu-faults", "server_error_rate=0.1, latency_ms=20,timeoutRate=0.01"]).FeishuFaults;

        Assert.Equal("0.1", faults["serverErrorRate"]);
        Assert.Equal("20", faults["latencyMs"]);
        Assert.Equal("0.01", faults["timeoutRate"]);
    }

    [Theory]
    [InlineData("--instances", "0", "--instances")]
    [InlineData("--duplicates", "1.5", "--duplicates")]
    [InlineData("--target", "ftp://x", "--target")]
    [InlineData("--consistency-timeout", "soon", "--consistency-timeout")]
    [InlineData("--feishu-faults", "server_error_rate", "--feishu-faults")]
    [InlineData("--run-id", "has space", "--run-id")]
    [InlineData("--webhook-secret", "MDEyMzQ1Njc4OWFiY2RlZg==", "--webhook-secret")]
    [InlineData("--webhook-secret", "whsec_c2hvcnQ=", "--webhook-secret")]
    public void A_bad_value_is_refused_naming_the_option(string name, string value, string named)
    {
        var error = Assert.Throws<OptionsException>(() => OptionsParser.Parse([name, value]));

        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_or_a_missing_value_is_refused()
    {
        Assert.Contains("--nope", Assert.Throws<OptionsException>(() => OptionsParser.Parse(["--nope"])).Message, StringComparison.Ordinal);
        Assert.Contains("needs a value", Assert.Throws<OptionsException>(() => OptionsParser.Parse(["--seed", "--json"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_is_recognised() => Assert.True(OptionsParser.Parse(["--help"]).ShowHelp);
}
