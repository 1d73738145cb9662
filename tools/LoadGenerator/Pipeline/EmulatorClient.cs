using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ApprovalFunctions.LoadGenerator.Pipeline;

/// <summary>
/// The Feishu emulator's own endpoints (not Feishu's): the view of what Feishu holds, its call counters, live fault
/// settings and reset. Their JSON is camelCase (<c>callsPerEndpoint</c>, <c>serverErrorRate</c>), the view snake_case.
/// </summary>
internal sealed class EmulatorClient(HttpClient http, Uri baseUrl)
{
    /// <summary><c>GET /emulator/instances</c>: every instance with <c>task_list</c>, <c>cc_list</c> and <c>effective_update_time</c>.</summary>
    public async Task<JsonArray> GetInstancesAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, "emulator/instances"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonNode.ParseAsync(body, cancellationToken: cancellationToken) as JsonArray
            ?? throw new InvalidOperationException("GET /emulator/instances did not answer a JSON array.");
    }

    public async Task<EmulatorCalls> GetCallsAsync(CancellationToken cancellationToken)
    {
        var stats = await http.GetFromJsonAsync(new Uri(baseUrl, "emulator/stats"), LoadGeneratorJsonContext.Default.JsonObject, cancellationToken)
            ?? throw new InvalidOperationException("GET /emulator/stats answered null.");
        var perEndpoint = stats["callsPerEndpoint"] as JsonObject ?? [];
        long Calls(string endpoint) => perEndpoint[endpoint]?.GetValue<long>() ?? 0;
        long Counter(string name) => stats[name]?.GetValue<long>() ?? 0;
        return new EmulatorCalls(Calls("sync"), Calls("check"), Calls("token"), Counter("faultsInjected"), Counter("rateLimited"), Counter("rejected"));
    }

    public async Task<JsonObject> GetFaultsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync(new Uri(baseUrl, "emulator/faults"), LoadGeneratorJsonContext.Default.JsonObject, cancellationToken)
        ?? throw new InvalidOperationException("GET /emulator/faults answered null.");

    public async Task PutFaultsAsync(JsonObject faults, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(new Uri(baseUrl, "emulator/faults"), faults, LoadGeneratorJsonContext.Default.JsonObject, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"PUT /emulator/faults answered {(int)response.StatusCode}: {text}");
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(baseUrl, "emulator/reset"), content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>The emulator's counters at one moment; subtract two to get a run's figures.</summary>
internal sealed record EmulatorCalls(long Sync, long Check, long Token, long FaultsInjected, long RateLimited, long Rejected)
{
    public static EmulatorCalls operator -(EmulatorCalls after, EmulatorCalls before) => new(
        after.Sync - before.Sync,
        after.Check - before.Check,
        after.Token - before.Token,
        after.FaultsInjected - before.FaultsInjected,
        after.RateLimited - before.RateLimited,
        after.Rejected - before.Rejected);
}
