using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace ApprovalFunctions.LocalHost;

/// <summary>
/// The configuration the Functions host gives the app, in the host's order: host.json (under
/// <see cref="HostJsonSection"/>, overridable by app settings exactly as in Azure), the <c>Values</c> of
/// local.settings.json, environment variables, the command line, then explicit settings.
/// App settings spell sections with <c>__</c> (<c>Feishu__AppId</c>), as in Azure.
/// </summary>
public static partial class LocalSettings
{
    public const string HostJsonSection = "AzureFunctionsJobHost";

    /// <summary>
    /// <paramref name="fileName"/> at the repository root (found above the binary) or beside the binary;
    /// null when neither exists. The root wins: that is the copy a developer edits.
    /// </summary>
    public static string? FindFile(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ApprovalFunctions.sln")))
            {
                var atRoot = Path.Combine(dir.FullName, fileName);
                if (File.Exists(atRoot))
                {
                    return atRoot;
                }

                break;
            }
        }

        var besideBinary = Path.Combine(AppContext.BaseDirectory, fileName);
        return File.Exists(besideBinary) ? besideBinary : null;
    }

    public static void AddLocalFunctionsSettings(this IConfigurationBuilder builder, LocalFunctionsHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        if (options.HostJsonFile is not null)
        {
            var hostJson = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(options.HostJsonFile), optional: false).Build();
            builder.AddInMemoryCollection(hostJson.AsEnumerable()
                .Where(pair => pair.Value is not null)
                .Select(pair => KeyValuePair.Create($"{HostJsonSection}:{pair.Key}", pair.Value)));
        }

        if (options.LocalSettingsFile is not null)
        {
            builder.AddInMemoryCollection(ReadLocalSettings(options.LocalSettingsFile));
        }

        builder.AddEnvironmentVariables();
        builder.AddCommandLine([.. options.Args], new Dictionary<string, string> { ["--port"] = $"{LocalHostOptions.SectionName}:{nameof(LocalHostOptions.Port)}" });
        builder.AddInMemoryCollection(options.Settings.Select(pair => KeyValuePair.Create(ToConfigurationKey(pair.Key), pair.Value)));
    }

    /// <summary>Replaces every <c>%Name%</c> of a binding expression with the setting <c>Name</c>, as the host does.</summary>
    public static string ResolveBindingExpression(string expression, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingReference().Replace(expression, match =>
        {
            var name = match.Groups["name"].Value;
            var value = configuration[ToConfigurationKey(name)];
            return string.IsNullOrEmpty(value)
                ? throw new InvalidOperationException($"Binding expression '{expression}' refers to the setting '{name}', which is not set.")
                : value;
        });
    }

    private static IEnumerable<KeyValuePair<string, string?>> ReadLocalSettings(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var settings = new List<KeyValuePair<string, string?>>();
        if (document.RootElement.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
        {
            throw new InvalidOperationException($"{path} is encrypted (IsEncrypted: true); the local host reads plain values. Decrypt it with 'func settings decrypt' or write the values in clear.");
        }

        if (document.RootElement.TryGetProperty("Values", out var values))
        {
            if (values.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{path}: 'Values' must be an object of setting names to strings.");
            }

            foreach (var value in values.EnumerateObject())
            {
                settings.Add(KeyValuePair.Create(ToConfigurationKey(value.Name), value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText()));
            }
        }

        // Core Tools takes its port from Host.LocalHttpPort; so does the local host unless --port says otherwise.
        if (document.RootElement.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object
            && host.TryGetProperty("LocalHttpPort", out var port) && port.TryGetInt32(out var portNumber))
        {
            settings.Add(KeyValuePair.Create<string, string?>($"{LocalHostOptions.SectionName}:{nameof(LocalHostOptions.Port)}", portNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return settings;
    }

    private static string ToConfigurationKey(string settingName) => settingName.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    [GeneratedRegex("%(?<name>[^%]+)%")]
    private static partial Regex SettingReference();
}
