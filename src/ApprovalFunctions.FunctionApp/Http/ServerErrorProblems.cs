using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.FunctionApp.Http;

/// <summary>
/// Answers a failure of ours (storage down, a merge that keeps losing races, a bug) as a 500 problem, so that even a 5xx
/// has the one error shape, and logs it as the error it is. Whatever failed was not acknowledged: the caller retries.
/// Cancellation is not answered: the caller went away or the host is stopping, and the host aborts the request.
/// </summary>
public sealed partial class ServerErrorProblems(ILogger<ServerErrorProblems> logger)
{
    public const string Detail = "The request failed on our side and nothing was acknowledged; send it again.";

    /// <param name="operation">What the request does, for the log (not its path, which may hold a user id).</param>
    public async Task<IActionResult> AnswerAsync(HttpRequest request, string operation, Func<Task<IActionResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            return await handle();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure escaping a function is answered the same way; it is logged with its exception.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFailed(logger, exception, operation);
            return ProblemResults.Result(request, StatusCodes.Status500InternalServerError, Detail, []);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} failed; answered 500 (retry)")]
    private static partial void LogFailed(ILogger logger, Exception exception, string operation);
}
