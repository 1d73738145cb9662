namespace ApprovalFunctions.Feishu.Models;

/// <summary>Every Feishu response but the token one: code 0 is success; decide on code, not on HTTP status.</summary>
public sealed record FeishuEnvelope<T>
{
    public int Code { get; init; }

    public string? Msg { get; init; }

    public T? Data { get; init; }
}
