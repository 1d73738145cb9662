using System.ComponentModel.DataAnnotations;

namespace ApprovalFunctions.Core.Operations;

/// <summary>Settings of the operator tools (section "Operations": <c>Operations__ConfirmationLifetime</c>, …).</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    /// <summary>How long a clean-up dry run's confirmation token stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ConfirmationLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many instances a dry run, a progress answer or a listing shows (the counts are always complete).</summary>
    [Range(1, 1000)]
    public int ListSize { get; set; } = 50;

    /// <summary>Pages of a user's Feishu task list read per topic at most (200 tasks a page).</summary>
    [Range(1, 1000)]
    public int MaxTaskPagesPerTopic { get; set; } = 50;
}
