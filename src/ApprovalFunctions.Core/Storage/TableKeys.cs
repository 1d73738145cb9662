using System.Buffers.Text;
using System.Text;

namespace ApprovalFunctions.Core.Storage;

/// <summary>
/// Turns a caller-defined id (instance ids come from the source system) into a safe PartitionKey / RowKey and back.
/// A key is a readable prefix (the id's letters, digits, '-', '_' and '.', at most 40) then '~' then the URL-safe
/// Base64 of the id's UTF-8: never '/', '\', '#', '?' or a control character, unique and reversible because the
/// Base64 part alone determines the id, and at most 1 KiB for ids up to <see cref="MaxIdUtf8Bytes"/> bytes.
/// </summary>
public static class TableKeys
{
    /// <summary>The longest id (in UTF-8 bytes) whose key stays within the 1 KiB key limit.</summary>
    public const int MaxIdUtf8Bytes = 720;

    private const int MaxReadablePrefix = 40;
    private const char Separator = '~';

    public static bool CanEncode(string? id) =>
        !string.IsNullOrEmpty(id) && Encoding.UTF8.GetByteCount(id) <= MaxIdUtf8Bytes;

    public static string Encode(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var bytes = Encoding.UTF8.GetBytes(id);
        if (bytes.Length > MaxIdUtf8Bytes)
        {
            throw new ArgumentException($"The id is {bytes.Length} bytes of UTF-8; table keys hold ids of at most {MaxIdUtf8Bytes} bytes.", nameof(id));
        }

        var readable = new StringBuilder(MaxReadablePrefix + 1 + Base64Url.GetEncodedLength(bytes.Length));
        foreach (var c in id)
        {
            if (readable.Length == MaxReadablePrefix)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                readable.Append(c);
            }
        }

        return readable.Append(Separator).Append(Base64Url.EncodeToString(bytes)).ToString();
    }

    public static string Decode(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var separator = key.LastIndexOf(Separator);
        if (separator < 0)
        {
            throw new FormatException($"'{key}' is not an encoded table key: no '{Separator}'.");
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(key.AsSpan(separator + 1)));
        }
        catch (FormatException exception)
        {
            throw new FormatException($"'{key}' is not an encoded table key: the part after '{Separator}' is not URL-safe Base64.", exception);
        }
    }
}
