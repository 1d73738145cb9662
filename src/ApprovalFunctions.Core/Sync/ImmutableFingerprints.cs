using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Sync;

/// <summary>
/// Fingerprints of the fields Feishu's UPDATE cannot change (instance <c>department_id</c>, <c>department_name</c>;
/// task <c>user_id</c>, <c>open_id</c>, <c>create_time</c>, <c>node_id</c>, <c>node_name</c>; CC <c>user_id</c>, <c>open_id</c>,
/// <c>create_time</c>). Hashed so that watermarks hold no personal data and stay small.
/// </summary>
public static class ImmutableFingerprints
{
    public static string Of(ExternalInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return Hash(instance.DepartmentId, instance.DepartmentName);
    }

    public static string Of(ExternalTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Hash(task.UserId, task.OpenId, task.CreateTime.ToString(CultureInfo.InvariantCulture), task.NodeId, task.NodeName);
    }

    public static string Of(ExternalCc cc)
    {
        ArgumentNullException.ThrowIfNull(cc);
        return Hash(cc.UserId, cc.OpenId, cc.CreateTime.ToString(CultureInfo.InvariantCulture));
    }

    private static string Hash(params string?[] fields)
    {
        // Length-prefixed so that ("ab", "c") and ("a", "bc") differ, and null differs from "".
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(field is null ? "-1" : field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(';');
        }

        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }
}
