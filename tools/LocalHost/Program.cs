using System.Reflection;
using ApprovalFunctions.LocalHost;

// Runs the Functions app's function classes like `func start` would, for machines without Core Tools.
// Settings: local.settings.json (Values) at the repository root or beside the binary, then environment
// variables, then the command line (`--port 7071`, `--Feishu:BaseUrl=...`).
await using var host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
{
    FunctionAssemblies = [Assembly.Load("ApprovalFunctions.FunctionApp")],
    HostJsonFile = LocalSettings.FindFile("host.json"),
    LocalSettingsFile = LocalSettings.FindFile("local.settings.json"),
    Args = args,
});
await host.WaitForShutdownAsync();
