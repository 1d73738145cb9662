using ApprovalFunctions.Core.DependencyInjection;
using ApprovalFunctions.FunctionApp.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
builder.Services.AddHostedService<MetricsToApplicationInsights>();

builder.Services.AddApprovalFunctions(builder.Configuration);

builder.Build().Run();
