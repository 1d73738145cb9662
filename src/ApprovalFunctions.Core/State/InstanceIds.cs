using System.Text;

namespace ApprovalFunctions.Core.State;

/// <summary>
/// What an instance id may be, wherever one arrives (ingest bodies, operator routes and bodies): non-empty, at most
/// <see cref="MaxUtf8Bytes"/> bytes of UTF-8, no control characters and no unpaired surrogates. Table keys hold any such
/// id (<see cref="Storage.TableKeys"/> hashes the long ones); the limit keeps ids printable in logs, URLs and queue messages.
/// </summary>
public static class InstanceIds
{
    public const int MaxUtf8Bytes = 720;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Null when <paramref name="id"/> is a valid instance id, else what is wrong with it (one sentence).</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "Must not be empty.";
        }

        if (id.Any(char.IsControl))
        {
            return "Must not contain control characters (line breaks, tabs, NUL, ...).";
        }

        int bytes;
        try
        {
            bytes = Strict.GetByteCount(id);
        }
        catch (EncoderFallbackException)
        {
            return "Must be valid Unicode: it holds an unpaired surrogate.";
        }

        return bytes > MaxUtf8Bytes ? $"Must be at most {MaxUtf8Bytes} bytes of UTF-8; it has {bytes}." : null;
    }
}
