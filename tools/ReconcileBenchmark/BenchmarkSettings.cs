using System.Globalization;

namespace ApprovalFunctions.ReconcileBenchmark;

/// <summary>Command line: <c>--storage &lt;connection string&gt; [--instances 100000] [--changed 1000] [--sweep-fraction 0.2] [--drift 10] [--parallelism 64] [--stored N] [--stored-from M]</c>.
/// --stored / --stored-from: instances M..N-1 get their desired row (default: all); the ones a round reads always get
/// theirs. They let a run go on from an Azurite already seeded by an earlier run without writing every row again.</summary>
internal sealed record BenchmarkSettings(string Storage, int Instances, int Changed, double SweepFraction, int Drift, int Parallelism, int Stored, int StoredFrom)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' pairs; '{args[i]}' has no value or is not an option.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var storage = values.GetValueOrDefault("storage") ?? Environment.GetEnvironmentVariable("AzureWebJobsStorage")
            ?? throw new ArgumentException("--storage (an Azurite connection string) is required, or set AzureWebJobsStorage.");
        var instances = Int(values, "instances", 100_000);
        var settings = new BenchmarkSettings(
            storage,
            instances,
            Int(values, "changed", 1_000),
            double.Parse(values.GetValueOrDefault("sweep-fraction", "0.2"), CultureInfo.InvariantCulture),
            Int(values, "drift", 10),
            Int(values, "parallelism", 64),
            Int(values, "stored", instances),
            Int(values, "stored-from", 0));
        if (settings.Changed > settings.Instances || settings.Drift > settings.Changed || settings.Instances < 1)
        {
            throw new ArgumentException("--changed must be at most --instances, --drift at most --changed, --instances at least 1.");
        }

        if (settings.SweepFraction is < 0 or > 1)
        {
            throw new ArgumentException("--sweep-fraction must be between 0 and 1.");
        }

        return settings;
    }

    private static int Int(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text)
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"--{name} must be a non-negative integer, got '{text}'.")
            : fallback;
}
