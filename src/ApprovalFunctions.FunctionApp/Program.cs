using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.FunctionApp.Http;
using ApprovalFunctions.FunctionApp.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

builder.Services.AddAppTelemetry(builder.Configuration);

builder.Services.AddApprovalFunctions(builder.Configuration);
builder.Services.AddHttpFunctions();

try
{
    var app = builder.Build();

    // Settings first: a bad one fails here with its message, before the host logs a start-up failure with a stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();
    app.Run();
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } line)
{
    // A missing or wrong setting (ReconcileSchedule, Feishu__AppId, ...): one line that names it, not a stack trace.
    Console.Error.WriteLine(line);
    Environment.ExitCode = 1;
}
