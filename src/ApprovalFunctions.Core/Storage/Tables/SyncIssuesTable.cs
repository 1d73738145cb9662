using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.State;
using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>The <c>syncissues</c> rows the reconciler reads and clears (a seam for unit tests of the round).</summary>
public interface ISyncIssuesTable
{
    IAsyncEnumerable<SyncIssue> ListAsync(SyncIssueKind kind, CancellationToken cancellationToken);

    /// <summary>Deletes the instance's row of <paramref name="kind"/>; a missing row is no error.</summary>
    Task DeleteAsync(string instanceId, SyncIssueKind kind, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>syncissues</c> table: partition = the kind (<c>lagging</c>, <c>parked</c>), row = the encoded instance id,
/// so that rounds and operators find troubled instances without a scan. The only class that writes or deletes its rows.
/// </summary>
public sealed class SyncIssuesTable(TableServiceClient tables) : ISyncIssuesTable
{
    private readonly TableClient syncIssues = tables.GetTableClient(StorageNames.SyncIssuesTable);

    public static string Partition(SyncIssueKind kind) => kind switch
    {
        SyncIssueKind.Lagging => "lagging",
        SyncIssueKind.Parked => "parked",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown sync issue kind."),
    };

    public Task SetAsync(SyncIssue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var entity = new TableEntity(Partition(issue.Kind), TableKeys.Encode(issue.InstanceId))
        {
            ["InstanceId"] = issue.InstanceId,
            ["Reason"] = issue.Reason,
            ["DesiredVersion"] = issue.DesiredVersion,
            ["At"] = issue.At,
            ["FeishuCode"] = issue.FeishuCode,
            ["FeishuMessage"] = issue.FeishuMessage,
            ["LogId"] = issue.LogId,
        };
        return syncIssues.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    // Deleting a missing row answers 404, which DeleteEntity treats as success.
    public Task DeleteAsync(string instanceId, SyncIssueKind kind, CancellationToken cancellationToken) =>
        syncIssues.DeleteEntityAsync(Partition(kind), TableKeys.Encode(instanceId), ETag.All, cancellationToken);

    public async IAsyncEnumerable<SyncIssue> ListAsync(SyncIssueKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = Partition(kind);
        await foreach (var entity in syncIssues.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            yield return new SyncIssue(
                kind,
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.RowKey),
                entity.GetString("Reason") ?? string.Empty,
                entity.GetInt64("DesiredVersion") ?? 0,
                entity.GetDateTimeOffset("At") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
                entity.GetInt32("FeishuCode"),
                entity.GetString("FeishuMessage"),
                entity.GetString("LogId"));
        }
    }
}
