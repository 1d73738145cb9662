using System.Text.RegularExpressions;
using System.Xml.Linq;
using ApprovalFunctions.Tests.Shared;

namespace Infrastructure.Tests.Repository;

/// <summary>
/// The code conventions the README and docs/architecture.md promise, checked on the files themselves so a change that
/// breaks one fails here instead of in a reviewer's reading.
/// </summary>
public sealed partial class SourceConventionsTests
{
    private const int MaxLinesPerSourceFile = 300;

    [Fact]
    public void No_source_file_exceeds_the_line_limit()
    {
        var tooLong = CSharpFiles("src")
            .Select(path => (Path: Relative(path), Lines: File.ReadLines(path).Count()))
            .Where(file => file.Lines > MaxLinesPerSourceFile)
            .Select(file => $"{file.Path}: {file.Lines} lines")
            .ToList();

        Assert.True(tooLong.Count == 0, $"Files over {MaxLinesPerSourceFile} lines:\n{string.Join('\n', tooLong)}");
    }

    [Fact]
    public void Async_code_follows_one_ConfigureAwait_policy_none()
    {
        // The isolated worker and Kestrel have no synchronization context to escape, and nothing blocks on async code
        // (so xunit's context in tests cannot deadlock): the code never calls ConfigureAwait (CA2007 is off in .editorconfig).
        var offenders = new[] { "src", "tools", "tests" }
            .SelectMany(CSharpFiles)
            .Where(path => ConfigureAwaitCall().IsMatch(File.ReadAllText(path)))
            .Select(Relative)
            .ToList();

        Assert.True(offenders.Count == 0, $"ConfigureAwait calls in:\n{string.Join('\n', offenders)}");
    }

    [Fact]
    public void Core_has_no_ASP_NET_Core_reference()
    {
        var project = XDocument.Load(RepositoryPaths.Combine("src", "ApprovalFunctions.Core", "ApprovalFunctions.Core.csproj"));
        var references = project.Descendants()
            .Where(element => element.Name.LocalName is "FrameworkReference" or "PackageReference")
            .Select(element => (string?)element.Attribute("Include") ?? string.Empty);
        Assert.DoesNotContain(references, reference => reference.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

        var usings = CSharpFiles(Path.Combine("src", "ApprovalFunctions.Core"))
            .Where(path => File.ReadAllText(path).Contains("using Microsoft.AspNetCore", StringComparison.Ordinal))
            .Select(Relative)
            .ToList();
        Assert.True(usings.Count == 0, $"Core files using ASP.NET Core:\n{string.Join('\n', usings)}");
    }

    private static IEnumerable<string> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(RepositoryPaths.Combine(folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path));

    private static bool IsBuildOutput(string path)
    {
        var parts = Path.GetRelativePath(RepositoryPaths.Root, path).Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj") || parts.Contains("node_modules");
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');

    [GeneratedRegex(@"\.ConfigureAwait\s*\(")]
    private static partial Regex ConfigureAwaitCall();
}
