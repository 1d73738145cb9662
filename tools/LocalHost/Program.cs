using System.Reflection;
using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.LocalHost;

// Runs the Functions app's function classes like `func start` would, for machines without Core Tools.
// Settings: local.settings.json (Values) at the repository root or beside the binary, then environment
// variables, then the command line (`--port 7071`, `--Feishu:BaseUrl=...`).
LocalFunctionsHost host;
try
{
    host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
    {
        FunctionAssemblies = [Assembly.Load("ApprovalFunctions.FunctionApp")],
        HostJsonFile = LocalSettings.FindFile("host.json"),
        LocalSettingsFile = LocalSettings.FindFile("local.settings.json"),
        Args = args,
    });
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } line)
{
    // As the Functions app does: a missing or wrong setting is one line that names it.
    await Console.Error.WriteLineAsync(line);
    return 1;
}

await using (host)
{
    await host.WaitForShutdownAsync();
}

return 0;
