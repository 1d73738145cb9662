using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalFunctions.Core.Diagnostics;

namespace ApprovalFunctions.LoadGenerator.Pipeline;

/// <summary>
/// The local host's <c>GET /local/counters</c>: the app's counter totals by instrument name. Optional: a host without
/// it (or an app in Azure) gives null, and the figures that need it read "n/a".
/// </summary>
internal sealed class CountersClient(HttpClient http, Uri target)
{
    public const string StorageOperations = ApprovalMetrics.StorageOperationsInstrument;
    public const string FeishuCalls = "approvalfunctions.feishu.calls";

    public async Task<IReadOnlyDictionary<string, double>?> TryGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(target, "local/counters"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound || !response.IsSuccessStatusCode)
            {
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return JsonNode.Parse(text) is JsonObject counters ? Totals(counters) : null;
        }
        catch (Exception error) when (error is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Each top-level property is one instrument; its total is the number itself, or the sum of the numbers inside it
    /// when the host breaks it down by tags.
    /// </summary>
    internal static Dictionary<string, double> Totals(JsonObject counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        return counters.ToDictionary(p => p.Key, p => Sum(p.Value), StringComparer.Ordinal);
    }

    private static double Sum(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.GetValue<double>(),
        JsonObject obj => obj.Sum(p => Sum(p.Value)),
        JsonArray array => array.Sum(Sum),
        _ => 0,
    };
}
