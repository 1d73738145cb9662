using System.Collections.Frozen;
using System.Security.Cryptography;

namespace ApprovalFunctions.FunctionApp.Functions.Console;

/// <summary>One file of the console: its bytes, content type and a strong ETag.</summary>
internal sealed record ConsoleAsset(string Name, byte[] Content, string ContentType, string ETag);

/// <summary>
/// The console's HTML, CSS and JavaScript, embedded in this assembly (<c>Console/wwwroot</c>, logical names
/// <c>Console/{file}</c>): nothing is read from disk or the network at run time, and only these names are served.
/// </summary>
internal static class ConsoleAssets
{
    public const string IndexName = "index.html";

    private const string ResourcePrefix = "Console/";

    private static readonly FrozenDictionary<string, ConsoleAsset> All = Load();

    public static IReadOnlyCollection<string> Names => All.Keys;

    public static ConsoleAsset? Find(string name) => All.GetValueOrDefault(name);

    private static FrozenDictionary<string, ConsoleAsset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..];
            assets[name] = new ConsoleAsset(name, content, ContentTypeOf(name), $"\"{Convert.ToHexString(SHA256.HashData(content))[..32]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml; charset=utf-8",
        _ => "application/octet-stream",
    };
}
