using ApprovalFunctions.Core.Ingest;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>Fails start-up on a half-configured or malformed quick-approval section (the data annotations cover the numbers).</summary>
internal sealed class CallbackOptionsValidator : IValidateOptions<CallbackOptions>
{
    private const string Section = CallbackOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CallbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.SourceUrl) && options.SourceUri is null)
        {
            failures.Add($"{Section}:SourceUrl must be an absolute http or https URL, such as https://erp.example.com/feishu/actions.");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && (options.PublicBaseUri is not { } baseUri || baseUri.Query.Length > 0))
        {
            failures.Add($"{Section}:PublicBaseUrl must be an absolute http or https URL without a query, such as https://func-api-x.azurewebsites.net.");
        }

        if (!string.IsNullOrWhiteSpace(options.SourceUrl))
        {
            if (string.IsNullOrWhiteSpace(options.Token))
            {
                failures.Add($"{Section}:SourceUrl is set, so {Section}:Token (the definition's action_callback_token) is required.");
            }

            if (string.IsNullOrWhiteSpace(options.SourceSecret))
            {
                failures.Add($"{Section}:SourceUrl is set, so {Section}:SourceSecret (whsec_<base64>, to sign the relayed actions) is required.");
            }
        }

        if (options.Key is { } key && key.Length > 0 && string.IsNullOrWhiteSpace(key))
        {
            failures.Add($"{Section}:Key must not be blank: leave it empty for plain callbacks or set the definition's action_callback_key.");
        }

        if (!WebhookSecrets.TryParse(options.SourceSecret, $"{Section}:SourceSecret", out _, out var secretError))
        {
            failures.Add(secretError!);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
