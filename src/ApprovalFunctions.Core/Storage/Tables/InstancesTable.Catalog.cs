using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>An instance we hold desired state for, as the desired row's projections tell (the document is not read).</summary>
public sealed record CatalogEntry(string InstanceId, string ApprovalCode, bool Purged);

/// <summary>Every instance we know, optionally of one approval code.</summary>
public interface IInstanceCatalog
{
    IAsyncEnumerable<CatalogEntry> ListAsync(string? approvalCode, CancellationToken cancellationToken);
}

/// <summary>The catalog scan of the <c>instances</c> table.</summary>
public sealed partial class InstancesTable : IInstanceCatalog
{
    private static readonly string[] CatalogColumns = ["InstanceId", "ApprovalCode", "Purged"];

    /// <summary>
    /// A paged scan of the desired rows, optionally of one approval code, reading only their projections. A scan is
    /// acceptable here: only a clean-up of a whole approval code or of everything uses it, a rare operator action.
    /// </summary>
    public async IAsyncEnumerable<CatalogEntry> ListAsync(string? approvalCode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = approvalCode is null
            ? TableClient.CreateQueryFilter($"RowKey eq {DesiredRowKey}")
            : TableClient.CreateQueryFilter($"RowKey eq {DesiredRowKey} and ApprovalCode eq {approvalCode}");
        await foreach (var entity in instances.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: CatalogColumns, cancellationToken: cancellationToken))
        {
            yield return new CatalogEntry(
                entity.GetString("InstanceId") ?? TableKeys.Decode(entity.PartitionKey),
                entity.GetString("ApprovalCode") ?? string.Empty,
                entity.GetBoolean("Purged") ?? false);
        }
    }
}
