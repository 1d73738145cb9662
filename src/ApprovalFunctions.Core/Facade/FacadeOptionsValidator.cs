using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Facade;

/// <summary>Fails start-up on half-configured or weak facade credentials; both empty is valid (the surface is off).</summary>
internal sealed class FacadeOptionsValidator : IValidateOptions<FacadeOptions>
{
    public const int MinSecretLength = 16;
    public const int MaxAppIdLength = 64;

    public ValidateOptionsResult Validate(string? name, FacadeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasId = !string.IsNullOrEmpty(options.AppId);
        var hasSecret = !string.IsNullOrEmpty(options.AppSecret);
        if (!hasId && !hasSecret)
        {
            return ValidateOptionsResult.Success;
        }

        if (hasId != hasSecret)
        {
            return ValidateOptionsResult.Fail(
                "Facade:AppId and Facade:AppSecret must be set together (or both left empty to turn the Feishu-compatible surface off).");
        }

        var failures = new List<string>();
        if (options.AppId!.Length > MaxAppIdLength || options.AppId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            failures.Add($"Facade:AppId must be at most {MaxAppIdLength} characters without spaces or control characters.");
        }

        if (options.AppSecret!.Length < MinSecretLength)
        {
            failures.Add($"Facade:AppSecret must hold at least {MinSecretLength} characters (it signs the access tokens).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
