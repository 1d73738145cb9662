using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;
using TaskStatus = ApprovalFunctions.Feishu.Models.TaskStatus;

namespace ApprovalFunctions.Core.Operations.UserTasks;

/// <summary>
/// Judges a user's Feishu task list against desired state (pure). Topic 1 (to-do) expects a PENDING task, topic 2 (done)
/// an APPROVED, REJECTED, TRANSFERRED or DONE one, 17 an unread CC, 18 a read CC, 3 an instance the user initiated whose
/// process status is the desired instance status.
/// </summary>
public static class TaskAnnotator
{
    private static readonly string DoneStatuses = string.Join('|', Enum.GetValues<TaskStatus>().Where(status => status != TaskStatus.Pending).Select(FeishuVocabulary.NameOf));

    public static TaskAnnotation Annotate(string topic, UserTask task, DesiredState? desired, TaskUser user)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(user);
        var instanceId = task.ProcessExternalId;
        TaskAnnotation Result(bool known, bool? present, string? expected, string? desiredStatus, bool? asExpected, string verdict, string detail) =>
            new(topic, instanceId, task.TaskExternalId, task.Status, task.ProcessStatus, task.DefinitionCode, known, present, expected, desiredStatus, asExpected, verdict, detail);

        if (string.IsNullOrEmpty(instanceId))
        {
            return Result(false, null, null, null, null, AnnotationVerdicts.NotThirdParty, "Not a third-party task (no process_external_id): not ours to judge.");
        }

        if (desired is null)
        {
            return Result(false, null, null, null, null, AnnotationVerdicts.UnknownInstance, $"Feishu lists instance '{instanceId}', which we hold no desired state for.");
        }

        if (desired.Purged)
        {
            return Result(true, null, null, null, null, AnnotationVerdicts.PurgedInstance, $"Instance '{instanceId}' was wiped by clean-up run '{desired.PurgeRunId}' yet Feishu still lists it.");
        }

        switch (topic)
        {
            case UserTaskTopics.Todo or UserTaskTopics.Done:
            {
                var expected = topic == UserTaskTopics.Todo ? FeishuVocabulary.NameOf(TaskStatus.Pending) : DoneStatuses;
                var entity = desired.Instance.TaskList?.FirstOrDefault(t => t.TaskId == task.TaskExternalId);
                if (entity is null)
                {
                    return Result(true, false, expected, null, null, AnnotationVerdicts.NotInDesiredState, $"Task '{task.TaskExternalId}' is not in the desired state of instance '{instanceId}'.");
                }

                var desiredStatus = FeishuVocabulary.NameOf(entity.Status);
                var asExpected = (entity.Status == TaskStatus.Pending) == (topic == UserTaskTopics.Todo);
                return Verdict(Result, expected, desiredStatus, asExpected, $"task '{entity.TaskId}'");
            }

            case UserTaskTopics.UnreadCc or UserTaskTopics.ReadCc:
            {
                var expected = FeishuVocabulary.NameOf(topic == UserTaskTopics.ReadCc ? ReadStatus.Read : ReadStatus.Unread);
                var entity = desired.Instance.CcList?.FirstOrDefault(c => c.CcId == task.TaskExternalId);
                if (entity is null)
                {
                    return Result(true, false, expected, null, null, AnnotationVerdicts.NotInDesiredState, $"CC '{task.TaskExternalId}' is not in the desired state of instance '{instanceId}'.");
                }

                var desiredStatus = FeishuVocabulary.NameOf(entity.ReadStatus);
                return Verdict(Result, expected, desiredStatus, desiredStatus == expected, $"CC '{entity.CcId}'");
            }

            default:
            {
                var desiredStatus = FeishuVocabulary.NameOf(desired.Status);
                var initiator = user.Owns(desired.Instance.UserId, desired.Instance.OpenId);
                if (initiator == false)
                {
                    return Result(true, false, desiredStatus, desiredStatus, null, AnnotationVerdicts.NotInDesiredState, $"The user is not the initiator of instance '{instanceId}' in desired state.");
                }

                // Feishu spells process_status as a word in some answers and a numeric string in others (the SDKs declare the
                // numbers): judge both; "0" (no status) and anything else unknown is not judged.
                bool? asExpected = FeishuVocabulary.InstanceStatusOfProcessStatus(task.ProcessStatus) is { } process
                    ? string.Equals(process, desiredStatus, StringComparison.Ordinal)
                    : null;
                return Verdict(Result, desiredStatus, desiredStatus, asExpected, $"instance '{instanceId}'");
            }
        }
    }

    /// <summary>
    /// The entities of this user in <paramref name="candidates"/> whose status puts them under one of the queried topics,
    /// yet which Feishu listed under none of them. An entity Feishu listed under another queried topic is not missing:
    /// its annotation already says "wrong_status".
    /// </summary>
    public static IReadOnlyList<MissingInFeishu> FindMissing(TaskUser user, IReadOnlyCollection<TopicListing> listings, IEnumerable<DesiredState> candidates)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(listings);
        ArgumentNullException.ThrowIfNull(candidates);
        var queried = listings.Select(l => l.Topic).ToHashSet(StringComparer.Ordinal);
        var listed = listings
            .SelectMany(l => l.Tasks.Select(t => Key(l.Topic == UserTaskTopics.Initiated ? EntityKinds.Instance : KindOf(l.Topic), t.ProcessExternalId, l.Topic == UserTaskTopics.Initiated ? null : t.TaskExternalId)))
            .ToHashSet(StringComparer.Ordinal);

        var missing = new List<MissingInFeishu>();
        foreach (var desired in candidates.Where(d => !d.Purged))
        {
            var instance = desired.Instance;
            void Expect(string kind, string? entityId, string topic, string desiredStatus)
            {
                if (queried.Contains(topic) && !listed.Contains(Key(kind, desired.InstanceId, entityId)))
                {
                    missing.Add(new MissingInFeishu(desired.InstanceId, kind, entityId, topic, desiredStatus));
                }
            }

            if (user.Owns(instance.UserId, instance.OpenId) == true)
            {
                Expect(EntityKinds.Instance, null, UserTaskTopics.Initiated, FeishuVocabulary.NameOf(instance.Status));
            }

            foreach (var task in (instance.TaskList ?? []).Where(t => user.Owns(t.UserId, t.OpenId) == true))
            {
                Expect(EntityKinds.Task, task.TaskId, task.Status == TaskStatus.Pending ? UserTaskTopics.Todo : UserTaskTopics.Done, FeishuVocabulary.NameOf(task.Status));
            }

            foreach (var cc in (instance.CcList ?? []).Where(c => user.Owns(c.UserId, c.OpenId) == true))
            {
                var read = cc.ReadStatus == ReadStatus.Read;
                Expect(EntityKinds.Cc, cc.CcId, read ? UserTaskTopics.ReadCc : UserTaskTopics.UnreadCc, FeishuVocabulary.NameOf(cc.ReadStatus));
            }
        }

        return missing;
    }

    private static TaskAnnotation Verdict(
        Func<bool, bool?, string?, string?, bool?, string, string, TaskAnnotation> result, string expected, string desiredStatus, bool? asExpected, string what) =>
        asExpected == false
            ? result(true, true, expected, desiredStatus, false, AnnotationVerdicts.WrongStatus, $"Feishu lists {what} as {expected}, desired state says {desiredStatus}.")
            : result(true, true, expected, desiredStatus, asExpected, AnnotationVerdicts.Ok, $"Feishu lists {what} as desired state says ({desiredStatus}).");

    private static string KindOf(string topic) => topic is UserTaskTopics.UnreadCc or UserTaskTopics.ReadCc ? EntityKinds.Cc : EntityKinds.Task;

    // Task and CC ids are distinct within an instance (a Feishu rule), so one key space per instance suffices.
    private static string Key(string kind, string? instanceId, string? entityId) => $"{kind}\n{instanceId}\n{entityId}";
}
