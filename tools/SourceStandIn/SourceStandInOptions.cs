namespace ApprovalFunctions.SourceStandIn;

/// <summary>Settings of the stand-in (section "StandIn": <c>StandIn__AppBaseUrl</c>, <c>StandIn__Secret</c>, <c>StandIn__FunctionKey</c>).</summary>
public sealed class SourceStandInOptions
{
    public const string SectionName = "StandIn";

    /// <summary>The app, where instances are sent (<c>POST {AppBaseUrl}/api/instances</c>); settable after start, for tests that start the app later.</summary>
    public Uri AppBaseUrl { get; set; } = new("http://127.0.0.1:7071/");

    /// <summary>The app's function key, when its keys are on.</summary>
    public string? FunctionKey { get; set; }

    /// <summary>The <c>whsec_…</c> secret(s) relayed actions are signed with: the app's <c>Callback__SourceSecret</c>.</summary>
    public string Secret { get; set; } = string.Empty;
}
