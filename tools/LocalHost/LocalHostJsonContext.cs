using System.Text.Json.Serialization;

namespace ApprovalFunctions.LocalHost;

[JsonSerializable(typeof(SortedDictionary<string, double>))]
internal sealed partial class LocalHostJsonContext : JsonSerializerContext;
