using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ApprovalFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// Every sync request (<c>POST .../external_instances</c>) the app's real Feishu client puts on the wire, retries
/// included, per instance. Added as the innermost handler of the client's named <see cref="HttpClient"/>.
/// </summary>
public sealed class FeishuSyncRecorder
{
    private readonly ConcurrentQueue<RecordedSync> syncs = new();

    public IReadOnlyList<RecordedSync> Syncs => [.. syncs];

    public int Total => syncs.Count;

    public int CallsFor(string instanceId) => syncs.Count(s => s.InstanceId == instanceId);

    public IReadOnlyList<string> ModesFor(string instanceId) => [.. syncs.Where(s => s.InstanceId == instanceId).Select(s => s.Mode)];

    internal DelegatingHandler CreateHandler() => new RecordingHandler(this);

    private sealed class RecordingHandler(FeishuSyncRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.Content is not null
                && request.RequestUri?.AbsolutePath.EndsWith("/external_instances", StringComparison.Ordinal) == true)
            {
                // Buffering keeps the content readable for the real send below.
                var body = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!;
                recorder.syncs.Enqueue(new RecordedSync(
                    body["instance_id"]!.GetValue<string>(),
                    body["update_mode"]?.GetValue<string>() ?? "REPLACE"));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed record RecordedSync(string InstanceId, string Mode);
