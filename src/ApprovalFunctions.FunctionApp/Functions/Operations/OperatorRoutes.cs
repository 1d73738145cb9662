namespace ApprovalFunctions.FunctionApp.Functions.Operations;

/// <summary>
/// Where the operator endpoints live. Their routes start with <c>api/ops/</c>, not <c>api/admin/</c>: the Functions host
/// reserves every route beginning with "admin" for its own admin API and refuses to index such functions.
/// </summary>
internal static class OperatorRoutes
{
    public const string Prefix = ApiRoutes.Prefix + "ops";
}
