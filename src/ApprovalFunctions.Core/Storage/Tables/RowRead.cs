using Azure;

namespace ApprovalFunctions.Core.Storage.Tables;

/// <summary>A row as read for a read-modify-write: its value and the ETag to write against (null when the row was absent).</summary>
public readonly record struct RowRead<T>(T Value, ETag? ETag);
