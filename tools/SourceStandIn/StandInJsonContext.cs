using System.Text.Json.Serialization;

namespace ApprovalFunctions.SourceStandIn;

/// <summary>Source-generated JSON of the stand-in's own endpoints (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(BehaviourSettings))]
[JsonSerializable(typeof(IReadOnlyList<DeliveryView>))]
internal sealed partial class StandInJsonContext : JsonSerializerContext;

/// <summary>A delivery as <c>GET /deliveries</c> shows it.</summary>
internal sealed record DeliveryView(string WebhookId, bool Verified, string? ActionType, string? InstanceId, string? TaskId, int AnsweredStatus)
{
    public static DeliveryView Of(Delivery delivery) =>
        new(delivery.WebhookId, delivery.Verified, delivery.ActionType, delivery.InstanceId, delivery.TaskId, delivery.AnsweredStatus);
}
