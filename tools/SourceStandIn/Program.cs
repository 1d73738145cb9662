using System.Globalization;
using ApprovalFunctions.Core.Ingest;
using ApprovalFunctions.SourceStandIn;

// The source stand-in as a process, for start-local.sh. Port: --port, else SOURCE_PORT, else 7400 (127.0.0.1).
// Settings: section "StandIn" (StandIn__AppBaseUrl, StandIn__Secret, StandIn__FunctionKey) from the environment or the command line.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var options = new SourceStandInOptions();
configuration.GetSection(SourceStandInOptions.SectionName).Bind(options);
try
{
    // The signer parses the secrets exactly as the verifier will.
    _ = WebhookSigner.FromSecrets(options.Secret, "StandIn:Secret");
}
catch (InvalidOperationException error)
{
    Console.Error.WriteLine($"{error.Message} StandIn:Secret must be the whsec_ secret the app signs relayed actions with (its Callback__SourceSecret).");
    return 1;
}

var portText = configuration["port"] ?? configuration["SOURCE_PORT"] ?? "7400";
if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
{
    Console.Error.WriteLine($"The stand-in port must be a number from 0 to 65535 (--port or SOURCE_PORT), got '{portText}'.");
    return 1;
}

await using var server = await SourceStandInServer.StartAsync(options, port, logging => logging.AddSimpleConsole(o => o.SingleLine = true));
Console.WriteLine($"Source stand-in ready at {server.BaseUrl} (relayed actions: {server.ActionsUrl}; app: {options.AppBaseUrl})");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl-C or SIGTERM: stop.
}

return 0;
