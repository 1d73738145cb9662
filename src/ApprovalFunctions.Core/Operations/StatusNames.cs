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
}
