using System.Reflection;

namespace ApprovalFunctions.LocalHost;

/// <summary>What to run and where the settings come from.</summary>
public sealed class LocalFunctionsHostOptions
{
    /// <summary>Every class of these assemblies with a <c>[Function]</c> method is run.</summary>
    public IReadOnlyList<Assembly> FunctionAssemblies { get; init; } = [];

    /// <summary>Function classes run in addition to those of <see cref="FunctionAssemblies"/>.</summary>
    public IReadOnlyList<Type> FunctionClasses { get; init; } = [];

    /// <summary>host.json to honour; null for the host's defaults.</summary>
    public string? HostJsonFile { get; init; }

    /// <summary>local.settings.json whose <c>Values</c> become app settings; null for none.</summary>
    public string? LocalSettingsFile { get; init; }

    /// <summary>Command-line arguments: <c>--port N</c> and <c>--Name=value</c> settings.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>App settings that win over every other source (tests use these).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The loopback port; null takes <c>LocalHost__Port</c>, local.settings.json's Host.LocalHttpPort, then 7071. 0 picks a free port.</summary>
    public int? Port { get; init; }

    /// <summary>Runs after the app's own services are added, e.g. to replace the <see cref="TimeProvider"/> in tests.</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }
}
