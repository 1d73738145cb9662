using ApprovalFunctions.FunctionApp.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ApprovalFunctions.FunctionApp.Functions.Console;

/// <summary>
/// <c>GET /api/console</c> and its files <c>GET /api/console/{file}</c>: the operator console. Anonymous on purpose:
/// the files hold no data; every figure comes from the <c>/api/ops/</c> endpoints, which need the admin key the operator
/// types into the page. A strict Content-Security-Policy allows only these files (no inline script, no other origin).
/// </summary>
public sealed class ConsolePageFunctions
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Function("ConsolePage")]
    public IActionResult Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + "console")] HttpRequest request) =>
        Serve(request, ConsoleAssets.IndexName);

    [Function("ConsoleAsset")]
    public IActionResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + "console/{file}")] HttpRequest request,
        string file) =>
        Serve(request, file);

    private static IActionResult Serve(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers["Content-Security-Policy"] = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cache-Control"] = "no-cache";
        if (ConsoleAssets.Find(name) is not { } asset)
        {
            return ProblemResults.Result(request, StatusCodes.Status404NotFound, $"The console has no file '{name}'.", "file");
        }

        headers.ETag = asset.ETag;
        if (request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        return new FileContentResult(asset.Content, asset.ContentType);
    }
}
