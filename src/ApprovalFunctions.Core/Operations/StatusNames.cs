using ApprovalFunctions.Feishu.Models;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.Core.Operations;

/// <summary>Statuses spelled as Feishu spells them on the wire, for operator answers.</summary>
public static class StatusNames
{
    public static string Of(TaskStatus status) => status switch
    {
        TaskStatus.Pending => "PENDING",
        TaskStatus.Approved => "APPROVED",
        TaskStatus.Rejected => "REJECTED",
        TaskStatus.Transferred => "TRANSFERRED",
        _ => "DONE",
    };

    public static string Of(InstanceStatus status) => status switch
    {
        InstanceStatus.Pending => "PENDING",
        InstanceStatus.Approved => "APPROVED",
        InstanceStatus.Rejected => "REJECTED",
        InstanceStatus.Canceled => "CANCELED",
        InstanceStatus.Deleted => "DELETED",
        InstanceStatus.Hidden => "HIDDEN",
        _ => "TERMINATED",
    };

    public static string Of(ReadStatus status) => status == ReadStatus.Read ? "READ" : "UNREAD";

    public static bool IsInstanceStatus(string value) =>
        Enum.GetValues<InstanceStatus>().Any(s => string.Equals(Of(s), value, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The instance status a task-query <c>process_status</c> names, as a word ("APPROVED") or as the numeric string the
    /// official SDKs declare ("1" running, "2" approved, "3" rejected, "4" canceled, "5" terminated); null for "0" (none)
    /// and anything unknown.
    /// </summary>
    public static string? InstanceStatusOfProcessStatus(string? processStatus) => processStatus switch
    {
        null => null,
        "1" => Of(InstanceStatus.Pending),
        "2" => Of(InstanceStatus.Approved),
        "3" => Of(InstanceStatus.Rejected),
        "4" => Of(InstanceStatus.Canceled),
        "5" => Of(InstanceStatus.Terminated),
        _ when IsInstanceStatus(processStatus) => processStatus.ToUpperInvariant(),
        _ => null,
    };
}
