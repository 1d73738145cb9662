using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage;

/// <summary>The write half of a read-modify-write on one entity, for small rows that several hosts update.</summary>
internal static class OptimisticTableWrites
{
    /// <summary>
    /// Replaces <paramref name="entity"/> if it is still as read (<paramref name="read"/>'s ETag), or adds it if it was
    /// absent. False when another writer came first (409 / 412): read again and retry.
    /// </summary>
    public static async Task<bool> TryReplaceAsReadAsync(this TableClient table, TableEntity entity, NullableResponse<TableEntity> read, CancellationToken cancellationToken)
    {
        try
        {
            if (read.HasValue)
            {
                await table.UpdateEntityAsync(entity, read.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }
}
