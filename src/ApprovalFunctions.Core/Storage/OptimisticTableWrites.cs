using Azure;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage;

/// <summary>The write half of a read-modify-write on one entity, for small rows that several hosts update.</summary>
internal static class OptimisticTableWrites
{
    /// <summary>
    /// Replaces <paramref name="entity"/> if it is still as read (<paramref name="readETag"/>), or adds it if it was
    /// absent (null). False when another writer came first (409 / 412): read again and retry.
    /// </summary>
    public static async Task<bool> TryReplaceAsReadAsync(this TableClient table, TableEntity entity, ETag? readETag, CancellationToken cancellationToken)
    {
        try
        {
            if (readETag is { } ifMatch)
            {
                await table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }
}
