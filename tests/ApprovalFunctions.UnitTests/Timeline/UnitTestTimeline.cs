using ApprovalFunctions.Core.Storage.Tables;
using ApprovalFunctions.Core.Timeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.UnitTests.Timeline;

/// <summary>
/// A timeline for unit tests of its writers: events fold into the documents the mocks receive; the side table is off
/// (nothing here may reach storage), so only folded events are recorded.
/// </summary>
internal static class UnitTestTimeline
{
    public static InstanceTimeline Create(TimeProvider timeProvider, TimelineOptions? options = null) => new(
        new InstanceEventStore(new InstanceEventsTable(new TableServiceClient("UseDevelopmentStorage=true"))),
        Options.Create(options ?? new TimelineOptions { RecordIgnoredChanges = false, RecordInSyncChecks = false }),
        timeProvider,
        NullLogger<InstanceTimeline>.Instance);
}
