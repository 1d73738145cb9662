namespace FeishuEmulator.Configuration;

/// <summary>How the emulated Feishu tenant behaves. Defaults follow approval-api.md.</summary>
public sealed class FeishuEmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The only app the emulated tenant knows.</summary>
    public string AppId { get; set; } = "cli_emulator_app";

    public string AppSecret { get; set; } = "emulator-secret";

    /// <summary>How long a tenant_access_token lives (Feishu: 2 h).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Asking for a token while the current one has at least this much left returns the same token
    /// (with a smaller <c>expire</c>); with less left, a new token is issued and both stay valid.
    /// </summary>
    public TimeSpan TokenReuseThreshold { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Calls per second per API before 429 / 99991400 (Feishu: 50).</summary>
    public int RateLimitPerSecond { get; set; } = 50;

    /// <summary>Calls per minute per API before 429 / 99991400 (Feishu: 1000).</summary>
    public int RateLimitPerMinute { get; set; } = 1000;

    /// <summary>When true, a sync naming an approval_code never created through external_approvals is rejected.</summary>
    public bool RequireKnownApprovalCode { get; set; }

    /// <summary>How long a simulated tap waits for the app's answer to the quick-approval callback (Feishu: 5 s, newer pages 10 s).</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fault settings the emulator starts with; copied into the live <see cref="FaultSettings"/>.</summary>
    public FaultSettings Faults { get; set; } = new();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(AppId))
        {
            throw new ArgumentException("Emulator:AppId must not be empty.", nameof(AppId));
        }

        if (string.IsNullOrWhiteSpace(AppSecret))
        {
            throw new ArgumentException("Emulator:AppSecret must not be empty.", nameof(AppSecret));
        }

        if (TokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("Emulator:TokenLifetime must be positive.", nameof(TokenLifetime));
        }

        if (TokenReuseThreshold < TimeSpan.Zero || TokenReuseThreshold >= TokenLifetime)
        {
            throw new ArgumentException("Emulator:TokenReuseThreshold must be between zero and TokenLifetime.", nameof(TokenReuseThreshold));
        }

        if (RateLimitPerSecond <= 0 || RateLimitPerMinute <= 0)
        {
            throw new ArgumentException("Emulator:RateLimitPerSecond and Emulator:RateLimitPerMinute must be positive.", nameof(RateLimitPerSecond));
        }

        if (CallbackTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Emulator:CallbackTimeout must be positive.", nameof(CallbackTimeout));
        }

        Faults.Snapshot().Validate();
    }
}
