using Microsoft.Extensions.Configuration;

namespace ApprovalFunctions.Core.Storage;

/// <summary>
/// Adapts the <c>AzureWebJobsStorage</c> section to what <c>Microsoft.Extensions.Azure</c> binds.
/// The section is either a connection string (its own value) or the Functions host's identity-based keys
/// (<c>tableServiceUri</c>, <c>queueServiceUri</c>, <c>credential</c>, <c>clientId</c>). The Azure client factory
/// matches constructor parameter names, which are <c>endpoint</c> for tables and <c>serviceUri</c> for queues,
/// so the identity form is re-keyed here; everything else (credential settings) passes through unchanged.
/// </summary>
internal static class StorageConnectionConfiguration
{
    public static IConfiguration ForTables(IConfiguration section) => Rekey(section, "tableServiceUri", "endpoint");

    public static IConfiguration ForQueues(IConfiguration section) => Rekey(section, "queueServiceUri", "serviceUri");

    private static IConfiguration Rekey(IConfiguration section, string functionsKey, string clientParameter)
    {
        if (section is IConfigurationSection { Value: { Length: > 0 } })
        {
            return section;
        }

        var uri = section[functionsKey];
        if (string.IsNullOrWhiteSpace(uri) && string.IsNullOrWhiteSpace(section[clientParameter]))
        {
            throw new InvalidOperationException(
                $"Configuration '{StorageNames.ConnectionName}' must be a storage connection string, or set '{StorageNames.ConnectionName}__{functionsKey}' " +
                $"with '{StorageNames.ConnectionName}__credential' (managedidentity) and '{StorageNames.ConnectionName}__clientId'.");
        }

        var values = section.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(uri))
        {
            values[clientParameter] = uri;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
