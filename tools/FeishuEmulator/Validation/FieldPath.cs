using System.Text;

namespace FeishuEmulator.Validation;

/// <summary>Turns JSON pointers into the field paths Feishu-style messages use: <c>/task_list/3/status</c> → <c>task_list[3].status</c>.</summary>
internal static class FieldPath
{
    public static string FromPointer(string pointer)
    {
        var path = new StringBuilder();
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (segment.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(segment).Append(']');
            }
            else
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(segment);
            }
        }

        return path.ToString();
    }
}
