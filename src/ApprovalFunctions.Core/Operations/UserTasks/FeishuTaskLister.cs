using ApprovalFunctions.Feishu.Client;
using ApprovalFunctions.Feishu.Models;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.Operations.UserTasks;

/// <summary>A user's Feishu task list for one topic, across all pages (bounded by <see cref="OperationsOptions.MaxTaskPagesPerTopic"/>).</summary>
public sealed class FeishuTaskLister(IFeishuApprovalClient feishu, IOptions<OperationsOptions> options)
{
    private const int PageSize = 200;

    public async Task<TopicListing> ListAsync(string userId, string? userIdType, string topic, CancellationToken cancellationToken)
    {
        var tasks = new List<UserTask>();
        string? pageToken = null;
        var maxPages = options.Value.MaxTaskPagesPerTopic;
        for (var page = 0; page < maxPages; page++)
        {
            var query = new UserTasksQuery { UserId = userId, Topic = topic, UserIdType = userIdType, PageSize = PageSize, PageToken = pageToken };
            var result = await feishu.QueryUserTasksAsync(query, cancellationToken);
            tasks.AddRange(result.Data.Tasks);

            if (!result.Data.HasMore)
            {
                return new TopicListing(topic, tasks, Truncated: false);
            }

            // A page that claims more without a new token would loop for ever: report the listing as cut short.
            if (string.IsNullOrEmpty(result.Data.PageToken) || result.Data.PageToken == pageToken)
            {
                return new TopicListing(topic, tasks, Truncated: true);
            }

            pageToken = result.Data.PageToken;
        }

        return new TopicListing(topic, tasks, Truncated: true);
    }
}

/// <summary>The tasks Feishu listed for one topic; <see cref="Truncated"/> when the page limit stopped the listing.</summary>
public sealed record TopicListing(string Topic, IReadOnlyList<UserTask> Tasks, bool Truncated);
