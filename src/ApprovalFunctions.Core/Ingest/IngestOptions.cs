using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>Configuration section "Ingest" (app settings Ingest__MaxBodyBytes, Ingest__WebhookSecrets, ...).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>The largest body of <c>POST /api/instances</c>; a full instance with 300 tasks and 200 CCs fits in the default.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>The largest body of <c>POST /api/instances/batch</c>.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBatchBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Standard Webhooks secrets (<c>whsec_&lt;base64&gt;</c>), separated by spaces or commas; a request signed by any
    /// of them is accepted, so a secret can be rotated without downtime. Empty: signatures are not checked.
    /// Never logged. In Azure it comes from Key Vault through a Key Vault reference.
    /// </summary>
    public string? WebhookSecrets { get; set; }

    /// <summary>How far <c>webhook-timestamp</c> may be from now, either way.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the whole body may take to arrive; a slower upload is answered 408 and nothing is stored.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most instances in one <c>POST /api/instances/batch</c> (Feishu-style imports).</summary>
    [Range(1, 1000)]
    public int MaxBatchSize { get; set; } = 100;
}
