namespace ApprovalFunctions.LoadGenerator.Simulation;

/// <summary>How the simulated source system behaves.</summary>
/// <param name="RunId">Prefix of every instance id, so that runs against the same storage never collide.</param>
/// <param name="ChangesPerInstance">The average number of changes per instance (the submit included); at least 2.</param>
/// <param name="BaseTime">Unix milliseconds around which the simulated history lies (submits fall in the 30 days before it).</param>
internal sealed record WorkflowSettings(string RunId, int Seed, int ChangesPerInstance, long BaseTime);
