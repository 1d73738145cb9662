using System.Globalization;
using ApprovalFunctions.Core.Ingest;

namespace ApprovalFunctions.LoadGenerator.Cli;

/// <summary>Parses <c>--name value</c> / <c>--name=value</c> arguments; every error names the option.</summary>
internal static class OptionsParser
{
    public const string WebhookSecretOption = "--webhook-secret";

    public const string Usage = """
        Simulates a source approval system against ApprovalFunctions and checks that Feishu ends equal to it.

        Usage: dotnet LoadGenerator.dll [options]

          --target URL               the app (POST {target}/api/instances)       default http://127.0.0.1:7071
          --feishu URL               the Feishu emulator (/emulator/...)          default http://127.0.0.1:7300
          --function-key KEY         sent as x-functions-key
          --webhook-secret whsec_…   sign every body (Standard Webhooks), for Ingest__WebhookSecrets
                                     (several, space-separated: one signature each, as in a rotation)
          --instances N              instances to simulate                        default 1000
          --changes N                average changes per instance (submit incl.)  default 8
          --concurrency N            concurrent callers                           default 50
          --duplicates R             share of changes sent twice (0..1)           default 0.1
          --reorder R                share of changes delayed behind later ones   default 0.1
          --keep-submit-first        never delay the submit (REPLACE) behind later changes
          --bursts R                 share of instances sent back to back (0..1)  default 0
          --rate N                   at most N requests per second in all         default unlimited
          --seed N                   seed of the simulation and delivery          default 1
          --run-id TEXT              prefix of the instance ids                   default lg<UTC start time>
          --base-time MS             Unix ms the simulated history ends at        default now
          --max-retries N            retries of a 5xx or transport error          default 8
          --consistency-timeout T    how long to wait for Feishu (600, 90s, 10m)  default 10m
          --poll-interval T          how often to read the emulator's view        default 2s
          --feishu-faults LIST       emulator faults during the run, e.g.
                                     "server_error_rate=0.1,latency_ms=20" (restored afterwards)
          --reset-emulator           POST /emulator/reset before the run
          --exact-times              Feishu's instance update_time must equal the source's (by default it may be
                                     later until a reconcile round gives the source's time back)
          --ingest-only              measure ingest only; do not wait for Feishu
          --json                     print the summary as JSON (progress goes to stderr)
          --help                     this text

        Exit code: 0 when every change was accepted and Feishu is consistent, 1 otherwise, 2 for bad options.
        """;

    public static LoadGeneratorOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadGeneratorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new OptionsException($"{name} needs a value.");
                }

                return args[++i];
            }

            options = name switch
            {
                "--help" or "-h" => options with { ShowHelp = true },
                "--target" => options with { Target = ParseUrl(name, Value()) },
                "--feishu" => options with { Feishu = ParseUrl(name, Value()) },
                "--function-key" => options with { FunctionKey = Value() },
                WebhookSecretOption => options with { WebhookSecret = ParseWebhookSecret(name, Value()) },
                "--instances" => options with { Instances = ParseInt(name, Value(), 1, 1_000_000) },
                "--changes" => options with { ChangesPerInstance = ParseInt(name, Value(), 2, 200) },
                "--concurrency" => options with { Concurrency = ParseInt(name, Value(), 1, 10_000) },
                "--duplicates" => options with { DuplicateRate = ParseRate(name, Value()) },
                "--reorder" => options with { ReorderRate = ParseRate(name, Value()) },
                "--keep-submit-first" => options with { KeepSubmitFirst = Flag(name, inlineValue) },
                "--bursts" => options with { BurstShare = ParseRate(name, Value()) },
                "--rate" => options with { RatePerSecond = ParseInt(name, Value(), 1, 1_000_000) },
                "--seed" => options with { Seed = ParseInt(name, Value(), int.MinValue, int.MaxValue) },
                "--run-id" => options with { RunId = ParseRunId(name, Value()) },
                "--base-time" => options with { BaseTime = ParseLong(name, Value()) },
                "--max-retries" => options with { MaxRetries = ParseInt(name, Value(), 0, 100) },
                "--consistency-timeout" => options with { ConsistencyTimeout = ParseDuration(name, Value()) },
                "--poll-interval" => options with { PollInterval = ParseDuration(name, Value()) },
                "--feishu-faults" => options with { FeishuFaults = ParseFaults(name, Value()) },
                "--reset-emulator" => options with { ResetEmulator = Flag(name, inlineValue) },
                "--exact-times" => options with { ExactTimes = Flag(name, inlineValue) },
                "--ingest-only" => options with { IngestOnly = Flag(name, inlineValue) },
                "--json" => options with { Json = Flag(name, inlineValue) },
                _ => throw new OptionsException($"Unknown option '{args[i]}'. See --help."),
            };
        }

        return options;
    }

    /// <summary>Durations as seconds ("600"), with a unit ("250ms", "90s", "10m", "1h"), or as a TimeSpan ("00:10:00").</summary>
    public static TimeSpan ParseDuration(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var units = new (string Suffix, Func<double, TimeSpan> Make)[]
        {
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours),
        };
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
            {
                return make(amount);
            }
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new OptionsException($"{name} must be a positive duration such as 600, 90s, 10m or 00:10:00; got '{text}'.");
    }

    /// <summary>"server_error_rate=0.1,latency_ms=20": names as the emulator's fault settings, snake_case or camelCase.</summary>
    public static Dictionary<string, string> ParseFaults(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var faults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new OptionsException($"{name} takes name=value pairs separated by commas; '{pair}' is not one.");
            }

            faults[CamelCase(parts[0])] = parts[1];
        }

        return faults;
    }

    /// <summary>server_error_rate → serverErrorRate; camelCase names pass through.</summary>
    public static string CamelCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split(['_', '-'], StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(words.Select((w, i) => i == 0
            ? char.ToLowerInvariant(w[0]) + w[1..]
            : char.ToUpperInvariant(w[0]) + w[1..]));
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static bool Flag(string name, string? inlineValue) => inlineValue switch
    {
        null => true,
        _ when bool.TryParse(inlineValue, out var value) => value,
        _ => throw new OptionsException($"{name} is a flag; write {name} or {name}=true|false, not '{inlineValue}'."),
    };

    private static Uri ParseUrl(string name, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new OptionsException($"{name} must be an absolute http(s) URL; got '{text}'.");
        }

        // A trailing slash makes relative paths append instead of replacing the last segment.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static int ParseInt(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new OptionsException($"{name} must be a whole number from {min} to {max}; got '{text}'.");

    private static long ParseLong(string name, string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new OptionsException($"{name} must be Unix milliseconds (digits only); got '{text}'.");

    private static double ParseRate(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : throw new OptionsException($"{name} must be a share from 0 to 1 (0.1 = 10 %); got '{text}'.");

    // Parsed as the app parses Ingest__WebhookSecrets, so a secret the app would refuse fails here, before the run.
    private static string ParseWebhookSecret(string name, string text)
    {
        try
        {
            _ = WebhookSigner.FromSecrets(text, name);
            return text;
        }
        catch (InvalidOperationException error)
        {
            throw new OptionsException(error.Message);
        }
    }

    private static string ParseRunId(string name, string text) =>
        text.Length is > 0 and <= 40 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? text
            : throw new OptionsException($"{name} must be 1 to 40 letters, digits, '-' or '_'; got '{text}'.");
}

/// <summary>A command line that cannot be run; the message says which option and why.</summary>
internal sealed class OptionsException(string message) : Exception(message);
