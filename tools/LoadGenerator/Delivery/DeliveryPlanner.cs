using ApprovalFunctions.LoadGenerator.Simulation;

namespace ApprovalFunctions.LoadGenerator.Delivery;

/// <summary>How the source delivers its changes.</summary>
/// <param name="DuplicateRate">Share of changes sent twice (the copy later in the same instance's stream, or right after).</param>
/// <param name="ReorderRate">Share of changes delayed behind the next one to three changes of the same instance.</param>
/// <param name="BurstShare">Share of instances whose changes are all sent back to back instead of spread over the run.</param>
/// <param name="KeepSubmitFirst">
/// Never delay the submit (the REPLACE) behind later changes. Off by default: a source delivers its first message late
/// as easily as any other, and a late REPLACE must still bring the tasks and CCs that only it carries.
/// </param>
internal sealed record DeliverySettings(double DuplicateRate, double ReorderRate, double BurstShare, bool KeepSubmitFirst, int Seed);

/// <summary>One request of the run.</summary>
internal sealed record PlannedSend(SourceChange Change, bool IsDuplicate, bool InBurst);

/// <summary>
/// Orders the sends of a run. Instances not in a burst are interleaved in rounds (the k-th send of every instance
/// lies in round k, in random order), as a source whose users act over hours would send them; a burst instance's
/// sends are one contiguous block, so concurrent callers deliver them at the same moment. Deterministic from the seed.
/// </summary>
internal static class DeliveryPlanner
{
    private const int LongestDelay = 3;

    public static IReadOnlyList<PlannedSend> Plan(IReadOnlyList<SimulatedWorkflow> workflows, DeliverySettings settings)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(DeterministicSeed.Derive(settings.Seed, -1));
        var streams = workflows.Select(w => InstanceStream(w, settings, random)).ToList();
        var rounds = Math.Max(1, streams.Count == 0 ? 1 : streams.Max(s => s.Count));

        var keyed = new List<(double Key, int Order, IReadOnlyList<PlannedSend> Sends)>();
        foreach (var stream in streams)
        {
            if (random.NextDouble() < settings.BurstShare)
            {
                var block = stream.Select(s => s with { InBurst = true }).ToList();
                keyed.Add((random.NextDouble() * rounds, keyed.Count, block));
            }
            else
            {
                for (var position = 0; position < stream.Count; position++)
                {
                    keyed.Add((position + random.NextDouble(), keyed.Count, [stream[position]]));
                }
            }
        }

        return [.. keyed.OrderBy(k => k.Key).ThenBy(k => k.Order).SelectMany(k => k.Sends)];
    }

    /// <summary>One instance's sends in the order the source delivers them: delayed and duplicated changes included.</summary>
    private static List<PlannedSend> InstanceStream(SimulatedWorkflow workflow, DeliverySettings settings, Random random)
    {
        var stream = workflow.Changes.Select(c => new PlannedSend(c, IsDuplicate: false, InBurst: false)).ToList();
        foreach (var change in workflow.Changes)
        {
            if ((change.Sequence == 0 && settings.KeepSubmitFirst) || random.NextDouble() >= settings.ReorderRate)
            {
                continue;
            }

            var from = stream.FindIndex(s => ReferenceEquals(s.Change, change));
            var to = Math.Min(from + random.Next(1, LongestDelay + 1), stream.Count - 1);
            if (to > from)
            {
                var delayed = stream[from];
                stream.RemoveAt(from);
                stream.Insert(to, delayed);
            }
        }

        foreach (var change in workflow.Changes)
        {
            if (random.NextDouble() >= settings.DuplicateRate)
            {
                continue;
            }

            var original = stream.FindIndex(s => ReferenceEquals(s.Change, change) && !s.IsDuplicate);
            stream.Insert(random.Next(original + 1, stream.Count + 1), new PlannedSend(change, IsDuplicate: true, InBurst: false));
        }

        return stream;
    }
}
