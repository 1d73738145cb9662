using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// Quick approval (section "Callback": <c>Callback__Token</c>, <c>Callback__SourceUrl</c>, …): Feishu calls
/// <c>POST /api/feishu/actions</c> when an approver taps Approve or Reject, and the app relays the action to the
/// source system. The feature is on when <see cref="SourceUrl"/> is set; then <see cref="Token"/> and
/// <see cref="SourceSecret"/> are required (checked at start-up). Token, key and secret are never logged.
/// </summary>
public sealed class CallbackOptions
{
    public const string SectionName = "Callback";

    /// <summary>The definition's <c>action_callback_token</c>: every callback carries it in its body.</summary>
    public string? Token { get; set; }

    /// <summary>The definition's <c>action_callback_key</c> (optional): when set, Feishu encrypts callback bodies with it and plain ones are refused.</summary>
    public string? Key { get; set; }

    /// <summary>Where the source system receives actions (absolute http or https URL). Empty: quick approval is off.</summary>
    public string? SourceUrl { get; set; }

    /// <summary>Standard Webhooks secret(s) (<c>whsec_…</c>, space- or comma-separated) the relayed actions are signed with, each one.</summary>
    public string? SourceSecret { get; set; }

    /// <summary>How long the source may take to answer. Feishu gives up after 5 s (10 s on its newest page).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:09")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long after the source accepted an action its new task status may take to come back before the task is listed as overdue.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CompletionGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The app's public base URL (e.g. <c>https://func-api-x.azurewebsites.net</c>) for the definition's <c>action_callback_url</c>; empty: taken from the operator's request.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The largest callback body accepted.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    public bool IsConfigured => SourceUri is not null && !string.IsNullOrWhiteSpace(Token) && !string.IsNullOrWhiteSpace(SourceSecret);

    public Uri? SourceUri => AbsoluteHttpUrl(SourceUrl);

    public Uri? PublicBaseUri => AbsoluteHttpUrl(PublicBaseUrl);

    internal static Uri? AbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
}
