using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Data.Tables;

namespace ApprovalFunctions.Core.Storage;

/// <summary>
/// Stores a JSON document in one table entity across numbered binary properties (<c>{name}0</c>, <c>{name}1</c>, …
/// and <c>{name}Chunks</c>), gzip'd UTF-8, because one property holds at most 64 KiB while an entity holds 1 MiB.
/// Entities carrying chunks must be written in Replace mode so that no chunk of an older, longer document survives.
/// </summary>
public static class ChunkedProperty
{
    /// <summary>The largest binary property value Table Storage accepts.</summary>
    public const int ChunkBytes = 64 * 1024;

    /// <summary>15 chunks leave room under the 1 MiB entity limit for keys, names and the other properties.</summary>
    public const int MaxChunks = 15;

    public const int MaxCompressedBytes = ChunkBytes * MaxChunks;

    /// <summary>The document as it would be stored (gzip'd UTF-8 JSON), so its size can be checked before anything is written.</summary>
    public static EncodedDocument Encode<T>(T document, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new EncodedDocument(Compress(JsonSerializer.SerializeToUtf8Bytes(document, typeInfo)));
    }

    public static void Write<T>(TableEntity entity, string name, T document, JsonTypeInfo<T> typeInfo) =>
        Write(entity, name, Encode(document, typeInfo));

    public static void Write(TableEntity entity, string name, EncodedDocument document)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(document);

        var compressed = document.Compressed;
        if (!document.FitsOneEntity)
        {
            throw new DocumentTooLargeException(
                $"The '{name}' document is {compressed.Length} bytes after compression; one table entity holds at most {MaxCompressedBytes} bytes ({MaxChunks} chunks of {ChunkBytes}).");
        }

        var chunks = 0;
        for (var offset = 0; offset < compressed.Length; offset += ChunkBytes, chunks++)
        {
            entity[ChunkName(name, chunks)] = compressed.AsSpan(offset, Math.Min(ChunkBytes, compressed.Length - offset)).ToArray();
        }

        entity[CountName(name)] = chunks;
    }

    public static T Read<T>(TableEntity entity, string name, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(typeInfo);

        var chunks = entity.GetInt32(CountName(name))
            ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} has no '{CountName(name)}' property.");
        using var compressed = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            var chunk = entity.GetBinary(ChunkName(name, i))
                ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} lacks chunk '{ChunkName(name, i)}' of {chunks}.");
            compressed.Write(chunk);
        }

        compressed.Position = 0;
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        return JsonSerializer.Deserialize(gzip, typeInfo)
            ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} holds a null '{name}' document.");
    }

    private static byte[] Compress(byte[] utf8Json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(utf8Json);
        }

        return output.ToArray();
    }

    private static string ChunkName(string name, int index) => name + index.ToString(CultureInfo.InvariantCulture);

    private static string CountName(string name) => name + "Chunks";
}

/// <summary>A document serialised and compressed as <see cref="ChunkedProperty"/> stores it.</summary>
public sealed class EncodedDocument(byte[] compressed)
{
    internal byte[] Compressed { get; } = compressed;

    /// <summary>Bytes after compression: what the chunks hold.</summary>
    public int Length => Compressed.Length;

    public bool FitsOneEntity => Length <= ChunkedProperty.MaxCompressedBytes;
}

/// <summary>A document that does not fit into one table entity even compressed.</summary>
public sealed class DocumentTooLargeException(string message) : InvalidOperationException(message);
