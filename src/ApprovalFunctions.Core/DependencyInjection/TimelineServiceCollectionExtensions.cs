using ApprovalFunctions.Core.Timeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalFunctions.Core.DependencyInjection;

public static class TimelineServiceCollectionExtensions
{
    /// <summary>The per-instance timeline (writer, side table, reader) with "Timeline" options validated at start-up. Needs the storage clients, the state store and the quick-action log (<c>AddQuickApproval</c>).</summary>
    public static IServiceCollection AddInstanceTimeline(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TimelineOptions>().BindConfiguration(TimelineOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageTables();
        services.TryAddSingleton<InstanceEventStore>();
        services.TryAddSingleton<InstanceTimeline>();
        services.TryAddSingleton<InstanceTimelineReader>();
        return services;
    }
}
