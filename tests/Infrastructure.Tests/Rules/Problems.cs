namespace Infrastructure.Tests.Rules;

public static class Problems
{
    /// <summary>Fails with every problem listed, one a line.</summary>
    public static void AssertNone(IReadOnlyList<string> problems) =>
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
}
