namespace ApprovalFunctions.LocalHost;

/// <summary>
/// The local host's own settings (section "LocalHost": <c>LocalHost__Port</c>, <c>LocalHost__FunctionKey</c>,
/// <c>LocalHost__AdminKey</c>). Keys unset means authorization is off, the local default.
/// </summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    public const int DefaultPort = 7071;

    /// <summary>The loopback port Kestrel listens on; 0 picks a free one.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Accepted by Function-level functions.</summary>
    public string? FunctionKey { get; set; }

    /// <summary>Accepted by every level; the only key Admin-level functions accept.</summary>
    public string? AdminKey { get; set; }
}
