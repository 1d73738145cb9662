namespace ApprovalFunctions.Core.Facade;

/// <summary>The Feishu response codes the Feishu-compatible surface answers with (approval-api.md §1, §2, §6).</summary>
public static class FacadeCodes
{
    public const int Success = 0;

    /// <summary>Token call: app_id or app_secret missing or not strings.</summary>
    public const int InvalidParam = 10003;

    /// <summary>Token call: unknown app_id or wrong app_secret (Feishu does not say which).</summary>
    public const int WrongAppSecret = 10015;

    /// <summary>The request cannot be taken as sent; sources never retry it as is.</summary>
    public const int ParamInvalid = 1390001;

    /// <summary>Internal error: sources and Feishu's own advice retry it with backoff.</summary>
    public const int InternalError = 2200;

    public const int MissingToken = 99991661;

    /// <summary>Invalid or expired tenant token: the official Go SDK fetches a token again on this code.</summary>
    public const int InvalidToken = 99991663;

    public const int MalformedToken = 99991671;

    /// <summary>Feishu's gateway answers an unknown path with 404; the surface puts that in an envelope.</summary>
    public const int NotFound = 404;
}
