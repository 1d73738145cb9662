using System.Globalization;
using System.Text;
using FeishuEmulator.Protocol;

namespace FeishuEmulator.Endpoints;

/// <summary>Opaque page tokens: the offset of the next item, so clients cannot build them by hand by accident.</summary>
internal static class PageToken
{
    private const string Prefix = "emu-page:";

    public static string ForOffset(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    public static int ReadOffset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw FeishuErrorException.ParamInvalid("page_token is invalid: pass back the page_token of the previous page");
    }

    /// <summary>Reads page_size (already a number after schema validation); default and maximum per endpoint.</summary>
    public static int ReadPageSize(System.Text.Json.Nodes.JsonObject query, int defaultSize, int maxSize)
    {
        if (query["page_size"] is not { } node)
        {
            return defaultSize;
        }

        var size = node.GetValue<long>();
        if (size < 1 || size > maxSize)
        {
            throw FeishuErrorException.ParamInvalid($"page_size must be between 1 and {maxSize}, got {size}");
        }

        return (int)size;
    }
}
