namespace ApprovalFunctions.LoadGenerator.Simulation;

/// <summary>
/// Derives independent seeds from the run's seed (SplitMix64). <see cref="HashCode"/> is not usable here: it is
/// randomised per process, and a run must repeat exactly from its seed.
/// </summary>
internal static class DeterministicSeed
{
    public static int Derive(int seed, int stream)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32 | (uint)stream) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & int.MaxValue);
        }
    }
}
