namespace ApprovalFunctions.Feishu.Models;

/// <summary>data of the sync call: Feishu echoes the instance it stored.</summary>
public sealed record SyncInstanceResponse
{
    public ExternalInstance? Data { get; init; }
}
