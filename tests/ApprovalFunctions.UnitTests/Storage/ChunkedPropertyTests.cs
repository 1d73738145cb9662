using System.Security.Cryptography;
using ApprovalFunctions.Core.Json;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;
using ApprovalFunctions.Feishu.Models;
using Azure.Data.Tables;
using static ApprovalFunctions.Tests.Shared.SampleInstances;

namespace ApprovalFunctions.UnitTests.Storage;

public sealed class ChunkedPropertyTests
{
    [Fact]
    public void A_300_task_snapshot_round_trips_intact()
    {
        var tasks = Enumerable.Range(0, 300).Select(i => Task($"task-{i:D3}", 1_000 + i) with { Title = RandomText(200), Extra = $"{{\"complete_reason\":\"{RandomText(100)}\"}}" }).ToList();
        var desired = Desired(Instance(tasks: tasks, ccs: Enumerable.Range(0, 200).Select(i => Cc($"cc-{i:D3}", 1_000 + i)).ToList()));
        var entity = new TableEntity("p", "desired");

        ChunkedProperty.Write(entity, "Document", desired, CoreJsonContext.Default.DesiredState);
        var read = ChunkedProperty.Read(entity, "Document", CoreJsonContext.Default.DesiredState);

        Assert.Equal(Json(desired), Json(read));
        Assert.Equal(300, read.Instance.TaskList!.Count);
        Assert.All(entity.Where(p => p.Value is byte[]), p => Assert.True(((byte[])p.Value!).Length <= ChunkedProperty.ChunkBytes));
    }

    [Fact]
    public void A_document_larger_than_one_property_is_split_into_numbered_chunks()
    {
        var desired = Desired(Instance(tasks: Enumerable.Range(0, 300).Select(i => Task($"t{i}", i) with { Title = RandomText(1_000) }).ToList()));
        var entity = new TableEntity("p", "desired");

        ChunkedProperty.Write(entity, "Document", desired, CoreJsonContext.Default.DesiredState);

        var chunks = entity.GetInt32("DocumentChunks");
        Assert.True(chunks > 1, $"expected several chunks, got {chunks}");
        Assert.NotNull(entity.GetBinary("Document1"));
        Assert.Equal(Json(desired), Json(ChunkedProperty.Read(entity, "Document", CoreJsonContext.Default.DesiredState)));
    }

    [Fact]
    public void A_document_over_the_entity_limit_is_refused_with_a_clear_error()
    {
        var desired = Desired(Instance(tasks: Enumerable.Range(0, 300).Select(i => Task($"t{i}", i) with { Title = RandomText(6_000) }).ToList()));

        var error = Assert.Throws<DocumentTooLargeException>(() => ChunkedProperty.Write(new TableEntity("p", "r"), "Document", desired, CoreJsonContext.Default.DesiredState));

        Assert.Contains("'Document'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ChunkedProperty.MaxCompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_chunk_is_reported()
    {
        var entity = new TableEntity("p", "r");
        ChunkedProperty.Write(entity, "Document", Desired(Instance()), CoreJsonContext.Default.DesiredState);
        entity.Remove("Document0");

        var error = Assert.Throws<InvalidDataException>(() => ChunkedProperty.Read(entity, "Document", CoreJsonContext.Default.DesiredState));
        Assert.Contains("Document0", error.Message, StringComparison.Ordinal);
    }

    private static DesiredState Desired(ExternalInstance instance) => new()
    {
        InstanceId = instance.InstanceId,
        ApprovalCode = instance.ApprovalCode,
        DesiredVersion = 1,
        Complete = true,
        LastReceivedAt = DateTimeOffset.UnixEpoch,
        Instance = instance,
    };

    private static string Json(DesiredState state) => System.Text.Json.JsonSerializer.Serialize(state, CoreJsonContext.Default.DesiredState);

    /// <summary>Incompressible text, so that sizes after gzip are predictable.</summary>
    private static string RandomText(int length) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(length))[..length];
}
