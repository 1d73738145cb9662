using System.Runtime.CompilerServices;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>An instance we hold desired state for, as the row's projections tell (the document is not read).</summary>
public sealed record CatalogEntry(string InstanceId, string ApprovalCode, bool Purged);

/// <summary>Every instance we know, optionally of one approval code.</summary>
public interface IInstanceCatalog
{
    IAsyncEnumerable<CatalogEntry> ListAsync(string? approvalCode, CancellationToken cancellationToken);
}

/// <summary>
/// A paged scan of the <c>instances</c> table's desired rows, reading only their projections. A scan is acceptable here:
/// only a clean-up of a whole approval code or of everything uses it, a rare operator action.
/// </summary>
public sealed class InstanceCatalog(TableServiceClient tables) : IInstanceCatalog
{
    private static readonly string[] Columns = ["InstanceId", "ApprovalCode", "Purged"];

    private readonly TableClient instances = tables.GetTableClient(StorageNames.InstancesTable);

    public async IAsyncEnumerable<CatalogEntry> ListAsync(string? approvalCode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = approvalCode is null
            ? TableClient.CreateQueryFilter($"RowKey eq {InstanceStateStore.DesiredRowKey}")
            : TableClient.CreateQueryFilter($"RowKey eq {InstanceStateStore.DesiredRowKey} and ApprovalCode eq {approvalCode}");
        await foreach (var entity in instances.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new CatalogEntry(
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.PartitionKey),
                entity.GetString("ApprovalCode") ?? string.Empty,
                entity.GetBoolean("Purged") ?? false);
        }
    }
}
