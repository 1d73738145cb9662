namespace FeishuEmulator.Protocol;

/// <summary>The Feishu response codes the emulator answers with (approval-api.md §1, §2, §6).</summary>
public static class FeishuCodes
{
    public const int Success = 0;

    /// <summary>Token call: app_id / app_secret missing or not strings.</summary>
    public const int InvalidParam = 10003;

    /// <summary>Token call: unknown app_id or wrong app_secret.</summary>
    public const int WrongAppSecret = 10015;

    public const int ParamInvalid = 1390001;

    /// <summary>Sync with an approval_code never created, when RequireKnownApprovalCode is on.</summary>
    public const int ApprovalNotFound = 1390002;

    public const int TryAgainLater = 1395001;
    public const int InternalError = 2200;
    public const int RateLimited = 99991400;
    public const int MissingToken = 99991661;
    public const int InvalidToken = 99991663;
    public const int ExpiredToken = 99991665;
    public const int MalformedToken = 99991671;

    /// <summary>Codes that refuse a call for what it carries (credentials, token, payload), not for load or faults.</summary>
    public static bool IsRejection(int code) => code is InvalidParam or WrongAppSecret or ParamInvalid or ApprovalNotFound
        or MissingToken or InvalidToken or ExpiredToken or MalformedToken;
}
