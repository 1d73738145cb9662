namespace ApprovalFunctions.FunctionApp.Functions;

/// <summary>
/// host.json sets <c>extensions.http.routePrefix</c> to "" so that the Feishu-compatible surface can answer at
/// <c>/open-apis/</c>, where the official SDKs call; every other HTTP function keeps its address under <c>/api/</c> by
/// starting its route with this prefix.
/// </summary>
internal static class ApiRoutes
{
    public const string Prefix = "api/";
}
