using ApprovalFunctions.Core.Facade;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalFunctions.FunctionApp.Http;

/// <summary>Writes an answer of the Feishu-compatible surface as Feishu's gateway does: its status, its body, <c>X-Tt-Logid</c>.</summary>
internal sealed class FacadeAnswerResult(FacadeAnswer answer) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = answer.HttpStatus;
        response.Headers[FacadeAnswer.LogIdHeader] = answer.LogId;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(answer.Body.ToJsonString(), context.HttpContext.RequestAborted);
    }
}
