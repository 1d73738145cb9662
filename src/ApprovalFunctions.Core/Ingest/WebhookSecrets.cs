namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Parses <see cref="IngestOptions.WebhookSecrets"/> (and any other setting of Standard Webhooks secrets, such as
/// <c>Callback:SourceSecret</c>) into HMAC keys. Error messages name the setting and the position of the bad secret,
/// never the secret itself.
/// </summary>
internal static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    private const string SettingName = $"{IngestOptions.SectionName}:{nameof(IngestOptions.WebhookSecrets)}";

    private static readonly char[] Separators = [' ', ',', '\t', '\r', '\n'];

    /// <summary>Returns the keys (none when the setting is empty), or the reason the setting is malformed.</summary>
    public static bool TryParse(string? setting, out IReadOnlyList<byte[]> keys, out string? error) =>
        TryParse(setting, SettingName, out keys, out error);

    /// <param name="settingName">The setting's name as error messages show it, e.g. <c>Callback:SourceSecret</c>.</param>
    public static bool TryParse(string? setting, string settingName, out IReadOnlyList<byte[]> keys, out string? error)
    {
        var parsed = new List<byte[]>();
        keys = parsed;
        error = null;
        var entries = (setting ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var position = $"{settingName} (secret {i + 1} of {entries.Length})";
            if (!entry.StartsWith(Prefix, StringComparison.Ordinal))
            {
                error = $"{position} must start with '{Prefix}' followed by the Base64 key.";
                return false;
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(entry[Prefix.Length..]);
            }
            catch (FormatException)
            {
                error = $"{position} is not valid Base64 after '{Prefix}'.";
                return false;
            }

            // Standard Webhooks keys are 24 to 64 random bytes; a shorter key makes the HMAC guessable.
            if (key.Length < 16)
            {
                error = $"{position} decodes to {key.Length} bytes; use at least 16 random bytes (24 to 64 recommended).";
                return false;
            }

            parsed.Add(key);
        }

        return true;
    }

    public static IReadOnlyList<byte[]> Parse(string? setting) =>
        TryParse(setting, out var keys, out var error) ? keys : throw new InvalidOperationException(error);
}
