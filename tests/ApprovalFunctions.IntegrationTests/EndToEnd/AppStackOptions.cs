using FeishuEmulator.Configuration;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>Which of the app's functions a local host of an <see cref="AppStack"/> runs.</summary>
public enum HostFunctions
{
    /// <summary>Every function of the FunctionApp assembly: HTTP, queue and timer triggers.</summary>
    All,

    /// <summary>Only the classes whose functions are all HTTP-triggered: changes are accepted and queued, nothing drains the queue.</summary>
    IngestOnly,
}

/// <summary>How an <see cref="AppStack"/> is composed; every default keeps tests fast.</summary>
public sealed record AppStackOptions
{
    /// <summary>What the first host runs; more hosts start with <see cref="AppStack.StartHostAsync"/>.</summary>
    public HostFunctions Functions { get; init; } = HostFunctions.All;

    /// <summary>App settings (<c>Section__Key</c>) over the stack's defaults, for every host of the stack.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Changes the emulator's options after the stack's defaults (rate limits far above the tests' load).</summary>
    public Action<FeishuEmulatorOptions>? ConfigureEmulator { get; init; }

    /// <summary>
    /// Approval definitions created in the emulator at start (through the app's own client). When any are given the
    /// emulator requires known approval codes, as Feishu does, and a sync naming another code is refused (1390002).
    /// </summary>
    public IReadOnlyList<string> KnownApprovalCodes { get; init; } = [];

    /// <summary>Runs on every host's services after the app's own (e.g. to record log lines).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }
}
