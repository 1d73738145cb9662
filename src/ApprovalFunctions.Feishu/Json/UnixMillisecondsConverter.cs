using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ApprovalFunctions.Feishu.Json;

/// <summary>
/// Feishu times are strings of Unix milliseconds ("1700000000000"). Some of Feishu's own examples
/// send numbers ("end_time": 0), so reading accepts both; writing always produces a string.
/// </summary>
public sealed class UnixMillisecondsConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            ReadOnlySpan<byte> span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
            if (Utf8Parser.TryParse(span, out long value, out var consumed) && consumed == span.Length)
            {
                return value;
            }
        }

        throw new JsonException("Expected a time in Unix milliseconds, as a string of digits.");
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>The nullable form of <see cref="UnixMillisecondsConverter"/> for optional times.</summary>
public sealed class NullableUnixMillisecondsConverter : JsonConverter<long?>
{
    private static readonly UnixMillisecondsConverter Inner = new();

    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(long), options);

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            Inner.Write(writer, v, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
