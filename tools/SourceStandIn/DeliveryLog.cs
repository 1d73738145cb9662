namespace ApprovalFunctions.SourceStandIn;

/// <summary>Every relayed action the stand-in received, in order, with its raw headers and body (tests verify them again).</summary>
public sealed class DeliveryLog
{
    private readonly Lock _gate = new();
    private readonly List<Delivery> _deliveries = [];

    public IReadOnlyList<Delivery> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _deliveries];
            }
        }
    }

    internal void Add(Delivery delivery)
    {
        lock (_gate)
        {
            _deliveries.Add(delivery);
        }
    }
}

/// <param name="Verified">The signature verified with the app's own verifier and the configured secret.</param>
/// <param name="AnsweredStatus">What the stand-in answered.</param>
public sealed record Delivery(
    string WebhookId,
    string Timestamp,
    string Signature,
    byte[] Body,
    bool Verified,
    string? ActionType,
    string? InstanceId,
    string? TaskId,
    int AnsweredStatus = 0);
