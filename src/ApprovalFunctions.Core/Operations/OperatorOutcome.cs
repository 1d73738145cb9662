namespace ApprovalFunctions.Core.Operations;

/// <summary>How an operator call ended, which the HTTP layer turns into a status code.</summary>
public enum OperatorStatus
{
    Ok,
    Accepted,
    BadRequest,
    Forbidden,
    NotFound,
    Conflict,
    Gone,
}

/// <summary>The body of every operator error: what is wrong, and the request field it concerns when there is one.</summary>
public sealed record OperatorError(string Error, string? Field = null);

/// <summary>An operator call's answer: a body on success, an <see cref="OperatorError"/> otherwise.</summary>
public sealed record OperatorOutcome<T>(OperatorStatus Status, T? Body, OperatorError? Error)
    where T : class
{
    public static OperatorOutcome<T> Success(T body, OperatorStatus status = OperatorStatus.Ok) => new(status, body, null);

    public static OperatorOutcome<T> Failure(OperatorStatus status, string error, string? field = null) => new(status, null, new OperatorError(error, field));
}
