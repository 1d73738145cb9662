using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalFunctions.FunctionApp.Functions.Admin;

/// <summary>JSON answers of the console's own operator endpoints (their types live in <c>ConsoleJsonContext</c>).</summary>
internal static class ConsoleJson
{
    public static IActionResult Result<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new JsonResult(body, typeInfo.Options) { StatusCode = StatusCodes.Status200OK, ContentType = "application/json; charset=utf-8" };
    }
}
