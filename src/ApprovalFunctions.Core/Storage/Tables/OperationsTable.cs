using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>
/// The <c>operations</c> table: small rows the app keeps about itself, one partition per concern, each concern in its
/// own file of this class (the reconcile checkpoint and round lease, ...). Every shared row is written with its ETag.
/// </summary>
public sealed partial class OperationsTable(TableServiceClient tables)
{
    private readonly TableClient operations = tables.GetTableClient(StorageNames.OperationsTable);
}
