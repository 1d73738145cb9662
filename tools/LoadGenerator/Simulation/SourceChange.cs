using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.LoadGenerator.Simulation;

/// <summary>One change of one instance, as the source system sends it.</summary>
/// <param name="Sequence">0 for the submit; then 1, 2, … in the order the source made the changes.</param>
/// <param name="Action">What happened in the source (for reports and tests).</param>
/// <param name="Body">The Feishu sync body: REPLACE for the submit, UPDATE with only the changed tasks and CCs after it.</param>
internal sealed record SourceChange(string InstanceId, int Sequence, WorkflowAction Action, ExternalInstance Body);

/// <summary>An instance's whole life in the source: the changes it sent and the state it ended in.</summary>
internal sealed record SimulatedWorkflow(string InstanceId, IReadOnlyList<SourceChange> Changes, ExternalInstance FinalState);

internal enum WorkflowAction
{
    Submit,
    Approve,
    ReturnToApprover,
    AddSignerBefore,
    AddSignerAfter,
    Transfer,
    CarbonCopy,
    ReadCarbonCopy,
    FinalApprove,
    Reject,
    Withdraw,
}
