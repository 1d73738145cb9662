using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>Fails start-up on a malformed webhook secret (the data annotations cover the numbers).</summary>
internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return WebhookSecrets.TryParse(options.WebhookSecrets, out _, out var error)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(error!);
    }
}
