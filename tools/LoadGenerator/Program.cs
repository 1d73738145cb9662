using System.Text.Json;
using ApprovalFunctions.LoadGenerator;
using ApprovalFunctions.LoadGenerator.Cli;
using ApprovalFunctions.LoadGenerator.Reporting;

// Simulates a source approval system against ApprovalFunctions, measures the pipeline and checks Feishu's final state.
LoadGeneratorOptions options;
try
{
    options = OptionsParser.Parse(args);
}
catch (OptionsException error)
{
    await Console.Error.WriteLineAsync(error.Message);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(OptionsParser.Usage);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Concurrency + 4,
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
};
using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

try
{
    var summary = await new LoadRun(options, http, TimeProvider.System, Console.Error).ExecuteAsync(cancellation.Token);
    if (options.Json)
    {
        Console.WriteLine(JsonSerializer.Serialize(summary, LoadGeneratorJsonContext.Default.RunSummary));
    }
    else
    {
        TextReport.Write(Console.Out, summary);
    }

    return summary.Passed ? 0 : 1;
}
catch (OptionsException error)
{
    await Console.Error.WriteLineAsync(error.Message);
    return 2;
}
catch (HttpRequestException error)
{
    await Console.Error.WriteLineAsync($"Cannot reach the pipeline or the emulator: {error.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Cancelled.");
    return 1;
}
