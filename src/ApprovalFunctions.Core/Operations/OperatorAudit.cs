using ApprovalFunctions.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.Core.Operations;

/// <summary>
/// One structured log line per operator call: who, what, on what (business ids only: instance ids, approval codes,
/// run ids; never a user id or any other personal data), how many, and the outcome.
/// </summary>
public sealed partial class OperatorAudit(ILogger<OperatorAudit> logger)
{
    public void Record(OperatorCaller caller, string action, string target, int count, string outcome)
    {
        ArgumentNullException.ThrowIfNull(caller);
        // Targets and outcomes may quote ids from the URL or body: escaped so that none can forge a log line.
        LogAction(logger, action, caller.Operator ?? "-", caller.Principal ?? "-", caller.RemoteAddress ?? "-", LogText.Escape(target), count, LogText.Escape(outcome, 1024));
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Information,
        Message = "Operator audit: {OperatorAction} by operator {Operator} (principal {Principal}, from {RemoteAddress}) on {Target}: {ItemCount} items, {Outcome}.")]
    private static partial void LogAction(ILogger logger, string operatorAction, string @operator, string principal, string remoteAddress, string target, int itemCount, string outcome);
}
