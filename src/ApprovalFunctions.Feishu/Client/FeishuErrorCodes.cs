namespace ApprovalFunctions.Feishu.Client;

/// <summary>The Feishu body codes this project acts on (approval-api.md §1, §2, §6).</summary>
public static class FeishuErrorCodes
{
    public const int Success = 0;
    public const int ParamInvalid = 1390001;
    public const int TenantNotFoundOrTooFrequent = 1390014;
    public const int TryAgainLater = 1395001;
    public const int InternalError = 2200;
    public const int AppDisabled = 10014;
    public const int WrongSecret = 10015;
    public const int RateLimited = 99991400;
    public const int MonthlyQuotaExhausted = 99991403;
    public const int MissingAccessToken = 99991661;
    public const int InvalidTenantToken = 99991663;
    public const int ExpiredTenantToken = 99991665;
    public const int MalformedAccessToken = 99991671;
}
