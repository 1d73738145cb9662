using System.Globalization;
using System.Text;

namespace ApprovalFunctions.Core.Diagnostics;

/// <summary>
/// Values that come from a request and go into a log message (ids from URLs, JSON paths built from property names,
/// audit targets): control characters and Unicode line and paragraph separators become visible escapes (a line feed
/// is logged as <c>\u000A</c>), so that no value can end a log line and forge the next one; long values are cut.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 256;

    public static string Escape(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? string.Empty;
        }

        var cut = value.Length > maxLength;
        var text = cut ? value[..maxLength] : value;
        if (!text.Any(NeedsEscape))
        {
            return cut ? text + "…" : text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return cut ? escaped.Append('…').ToString() : escaped.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
