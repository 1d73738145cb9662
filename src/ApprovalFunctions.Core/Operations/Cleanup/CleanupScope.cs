using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ApprovalFunctions.Core.Operations.UserTasks;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>The body of <c>POST /api/ops/cleanup</c>: a scope for a dry run, or <see cref="Confirm"/> to execute one.</summary>
public sealed record CleanupRequest
{
    public IReadOnlyList<string>? InstanceIds { get; init; }

    public string? ApprovalCode { get; init; }

    public bool? All { get; init; }

    public IReadOnlyList<DiscoverUser>? DiscoverUsers { get; init; }

    /// <summary>The token a dry run answered.</summary>
    public string? Confirm { get; init; }
}

/// <summary>A user whose Feishu task lists (topics 1, 2, 3, 17, 18) add instance ids to a clean-up scope.</summary>
public sealed record DiscoverUser(string UserId, string? UserIdType);

/// <summary>
/// What a clean-up covers, validated and in canonical form (ids sorted, duplicates dropped), so that the same scope
/// always has the same <see cref="Fingerprint"/>. Exactly one of instance ids, approval code or all, plus optional
/// users whose Feishu task lists add instances (or the users alone).
/// </summary>
public sealed record CleanupScope(IReadOnlyList<string> InstanceIds, string? ApprovalCode, bool All, IReadOnlyList<DiscoverUser> DiscoverUsers)
{
    public const int MaxInstanceIds = 10_000;
    public const int MaxDiscoverUsers = 100;

    /// <summary>Ingest accepts no longer approval code, so no instance can have one.</summary>
    public const int MaxApprovalCodeLength = 128;

    /// <summary>For logs and answers: kinds and counts, never the user ids.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (All)
        {
            parts.Add("all instances");
        }

        if (ApprovalCode is not null)
        {
            parts.Add($"approval_code {ApprovalCode}");
        }

        if (InstanceIds.Count > 0)
        {
            parts.Add($"{InstanceIds.Count} instance ids");
        }

        if (DiscoverUsers.Count > 0)
        {
            parts.Add($"instances found in the task lists of {DiscoverUsers.Count} users");
        }

        return string.Join(" + ", parts);
    }

    public string Fingerprint() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, OperationsJsonContext.Default.CleanupScope))));

    /// <summary>The scope of a dry-run request, or the problem with it (naming the field).</summary>
    public static CleanupScope? TryCreate(CleanupRequest request, out OperatorError? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        error = null;
        if (request.All == false)
        {
            error = new OperatorError("all must be true when given.", "$.all");
            return null;
        }

        var kinds = (request.InstanceIds is not null ? 1 : 0) + (request.ApprovalCode is not null ? 1 : 0) + (request.All == true ? 1 : 0);
        if (kinds > 1)
        {
            error = new OperatorError("Give exactly one of instance_ids, approval_code or all (optionally with discover_users).", "$");
            return null;
        }

        if (kinds == 0 && request.DiscoverUsers is null)
        {
            error = new OperatorError("A clean-up needs a scope: instance_ids, approval_code, all, or discover_users.", "$");
            return null;
        }

        var ids = new SortedSet<string>(StringComparer.Ordinal);
        if (request.InstanceIds is { } instanceIds)
        {
            if (instanceIds.Count is 0 or > MaxInstanceIds)
            {
                error = new OperatorError($"instance_ids must hold 1 to {MaxInstanceIds} ids.", "$.instance_ids");
                return null;
            }

            for (var index = 0; index < instanceIds.Count; index++)
            {
                if (State.InstanceIds.Problem(instanceIds[index]) is { } problem)
                {
                    error = new OperatorError($"An instance id: {problem}", $"$.instance_ids[{index}]");
                    return null;
                }

                ids.Add(instanceIds[index]);
            }
        }

        if (request.ApprovalCode is { } code && (string.IsNullOrWhiteSpace(code) || code.Length > MaxApprovalCodeLength || code.Any(char.IsControl)))
        {
            error = new OperatorError($"approval_code must be 1 to {MaxApprovalCodeLength} characters without control characters, as ingest accepts it.", "$.approval_code");
            return null;
        }

        var users = new List<DiscoverUser>();
        if (request.DiscoverUsers is { } discover)
        {
            if (discover.Count is 0 or > MaxDiscoverUsers)
            {
                error = new OperatorError($"discover_users must hold 1 to {MaxDiscoverUsers} users.", "$.discover_users");
                return null;
            }

            for (var index = 0; index < discover.Count; index++)
            {
                var user = discover[index];
                if (user is null || string.IsNullOrWhiteSpace(user.UserId))
                {
                    error = new OperatorError("user_id is required.", $"$.discover_users[{index}].user_id");
                    return null;
                }

                if (user.UserIdType is { } type && !TaskUser.IdTypes.Contains(type))
                {
                    error = new OperatorError($"user_id_type must be one of {string.Join(", ", TaskUser.IdTypes)}.", $"$.discover_users[{index}].user_id_type");
                    return null;
                }

                users.Add(new DiscoverUser(user.UserId, user.UserIdType ?? TaskUser.OpenIdType));
            }
        }

        var canonicalUsers = users.Distinct().OrderBy(u => u.UserIdType, StringComparer.Ordinal).ThenBy(u => u.UserId, StringComparer.Ordinal).ToList();
        return new CleanupScope([.. ids], request.ApprovalCode, request.All == true, canonicalUsers);
    }
}
