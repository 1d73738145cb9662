using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ApprovalFunctions.Core.Storage;

/// <summary>
/// Turns a caller-defined id (instance ids come from the source system) into a safe PartitionKey / RowKey. A key is a
/// readable prefix (the id's letters, digits, '-', '_' and '.', at most 40) and then either '~' and the URL-safe Base64
/// of the id's UTF-8 (reversible), or, when that would not fit the key limit, '!' and the URL-safe Base64 of the
/// SHA-256 of the id's UTF-8 (43 characters). Never '/', '\', '#', '?' or a control character; always ASCII and at most
/// <see cref="MaxKeyLength"/> characters, whatever the id's length. Every row the app writes also carries the id itself
/// in an <c>InstanceId</c> property, which is what readers use.
/// </summary>
public static class TableKeys
{
    /// <summary>
    /// Azure Table Storage holds PartitionKey and RowKey values of up to 1 KiB, i.e. 512 UTF-16 characters, and Azurite
    /// refuses a 513th. Reversible keys are therefore possible for ids of up to 353 bytes (with a 40-character prefix);
    /// longer ids are hashed.
    /// </summary>
    public const int MaxKeyLength = 512;

    private const int MaxReadablePrefix = 40;
    private const char ReversibleSeparator = '~';
    private const char HashedSeparator = '!';

    public static string Encode(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var bytes = Encoding.UTF8.GetBytes(id);
        var readable = ReadablePrefix(id);
        if (readable.Length + 1 + Base64Url.GetEncodedLength(bytes.Length) <= MaxKeyLength)
        {
            return string.Concat(readable, ReversibleSeparator.ToString(), Base64Url.EncodeToString(bytes));
        }

        return string.Concat(readable, HashedSeparator.ToString(), Base64Url.EncodeToString(SHA256.HashData(bytes)));
    }

    /// <summary>The id of a reversible key; a hashed key (an id too long to fit) cannot be decoded: read the row's <c>InstanceId</c>.</summary>
    public static string Decode(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var separator = key.LastIndexOf(ReversibleSeparator);
        if (separator < 0)
        {
            throw new FormatException(key.Contains(HashedSeparator, StringComparison.Ordinal)
                ? $"'{key}' is the hashed key of a long id: the id is in the row's InstanceId property."
                : $"'{key}' is not an encoded table key: no '{ReversibleSeparator}'.");
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(key.AsSpan(separator + 1)));
        }
        catch (FormatException exception)
        {
            throw new FormatException($"'{key}' is not an encoded table key: the part after '{ReversibleSeparator}' is not URL-safe Base64.", exception);
        }
    }

    private static string ReadablePrefix(string id)
    {
        var readable = new StringBuilder(MaxReadablePrefix);
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

        return readable.ToString();
    }
}
