using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;

namespace ApprovalFunctions.Core.Ingest;

/// <summary>
/// Limits of the merged desired state, checked before anything is stored or acknowledged: a body can be valid alone and
/// still grow the instance past what Feishu holds (300 tasks, 200 CCs) or what one table entity stores. Such a change
/// could never be delivered, so it is refused (422) rather than acknowledged and parked later.
/// </summary>
internal static class DesiredStateLimits
{
    /// <summary>Null when <paramref name="merged"/> fits, else the problem naming the limit and the field.</summary>
    public static IngestProblem? Check(DesiredState? previous, DesiredState merged, EncodedDocument stored)
    {
        ArgumentNullException.ThrowIfNull(merged);
        ArgumentNullException.ThrowIfNull(stored);
        var tasks = merged.Instance.TaskList?.Count ?? 0;
        if (tasks > InstanceValueRules.MaxTasks)
        {
            return new("$.task_list", $"Merged with the {previous?.Instance.TaskList?.Count ?? 0} tasks already stored for this instance, it would hold {tasks} tasks; " +
                $"Feishu holds at most {InstanceValueRules.MaxTasks} per instance. Send a REPLACE that leaves out the tasks that are gone. Nothing was stored.");
        }

        var ccs = merged.Instance.CcList?.Count ?? 0;
        if (ccs > InstanceValueRules.MaxCcs)
        {
            return new("$.cc_list", $"Merged with the {previous?.Instance.CcList?.Count ?? 0} CCs already stored for this instance, it would hold {ccs} CCs; " +
                $"Feishu holds at most {InstanceValueRules.MaxCcs} per instance. Send a REPLACE that leaves out the CCs that are gone. Nothing was stored.");
        }

        return stored.FitsOneEntity
            ? null
            : new("$", $"Merged into this instance's stored state, the change would make it {stored.Length} bytes after compression; " +
                $"one table entity holds at most {ChunkedProperty.MaxCompressedBytes} ({ChunkedProperty.MaxChunks} × {ChunkedProperty.ChunkBytes}). " +
                "Shorten the largest texts (titles, form values, extra) or send fewer tasks. Nothing was stored.");
    }
}
