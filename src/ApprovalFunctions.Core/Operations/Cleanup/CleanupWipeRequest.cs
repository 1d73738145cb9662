using ApprovalFunctions.Core.State;
using ApprovalFunctions.Feishu.Models;

namespace ApprovalFunctions.Core.Operations.Cleanup;

/// <summary>
/// The FAQ's irreversible wipe of one instance (pure): REPLACE with its approval code and instance id, status APPROVED,
/// no initiator, no tasks, no CCs. Feishu still requires links and i18n resources: the desired links when we have them,
/// and one neutral default-locale text (the instance's own texts are dropped with everything else).
/// </summary>
public static class CleanupWipeRequest
{
    public const string FallbackLink = "https://open.feishu.cn/";

    /// <summary>The default locale of a wipe whose desired state names none.</summary>
    public const string FallbackLocale = FeishuVocabulary.SimplifiedChineseLocale;

    public const string PlaceholderKey = FeishuVocabulary.I18nKeyPrefix + "purged";

    public static ExternalInstance Build(string instanceId, string approvalCode, DesiredState? desired, SyncedState? synced, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(approvalCode);
        var nowMs = now.ToUnixTimeMilliseconds();

        // Later than anything Feishu may hold (the ceiling covers calls whose outcome is unknown), so that no delayed
        // UPDATE carrying an older time can undo the wipe.
        var updateTime = Math.Max(nowMs, Math.Max((desired?.Instance.UpdateTime ?? 0) + 1, (synced?.TimeCeiling ?? 0) + 1));
        var locale = desired?.Instance.I18nResources.FirstOrDefault(r => r.IsDefault)?.Locale ?? FallbackLocale;
        var link = desired?.Instance.Links.PcLink is { Length: > 0 } pc ? pc : FallbackLink;

        return new ExternalInstance
        {
            ApprovalCode = approvalCode,
            InstanceId = instanceId,
            Status = InstanceStatus.Approved,
            Links = new ExternalLinks { PcLink = link, MobileLink = desired?.Instance.Links.MobileLink },
            StartTime = desired?.Instance.StartTime is > 0 and var start ? Math.Min(start, updateTime) : updateTime,
            EndTime = updateTime,
            UpdateTime = updateTime,
            UpdateMode = UpdateMode.Replace,
            I18nResources = [new I18nResource { Locale = locale, IsDefault = true, Texts = [new I18nText { Key = PlaceholderKey, Value = "-" }] }],
        };
    }
}
