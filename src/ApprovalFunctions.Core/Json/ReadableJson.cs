using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using ApprovalFunctions.Core.Operations;

namespace ApprovalFunctions.Core.Json;

/// <summary>
/// Options for the JSON answers people read (ingest answers and errors, operator tools): non-ASCII text such as Chinese
/// names, titles and ids is written as itself, not as <c>\uXXXX</c>; what HTML and JSON safety needs escaped (&lt;, &gt;,
/// &amp;, quotes, control characters, U+2028/U+2029) still is. Stored documents and Feishu requests keep their own options.
/// </summary>
public static class ReadableJson
{
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.Create(UnicodeRanges.All);

    /// <summary>The operator tools' answers (<see cref="OperationsJsonContext"/>).</summary>
    public static JsonSerializerOptions Operations { get; } = For(OperationsJsonContext.Default);

    private static JsonSerializerOptions For(JsonSerializerContext context)
    {
        var options = new JsonSerializerOptions(context.Options) { Encoder = Encoder };
        options.MakeReadOnly();
        return options;
    }
}
