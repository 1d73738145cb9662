using System.Text;
using ApprovalFunctions.Core.State;
using ApprovalFunctions.Core.Storage;

namespace ApprovalFunctions.UnitTests.Storage;

public sealed class TableKeysTests
{
    public static TheoryData<string> NastyIds() =>
    [
        "plain-id_1.2",
        "a/b\\c#d?e",
        "tab\there\nnew line\u0000nul\u007fdel",
        "审批实例-2026/11",
        "emoji 👍🏽 and spaces",
        "~~~",
        "!!!",
        "'quotes' and \"double\"",
        "%2F%5C url-encoded",
        "..",
        new string('x', 353 - 40) + new string('y', 40),
    ];

    /// <summary>Ids at and around every length where the encoding changes, up to the longest instance id the app accepts.</summary>
    public static TheoryData<string> LongIds() =>
    [
        new string('x', 353),
        new string('x', 354),
        new string('x', InstanceIds.MaxUtf8Bytes),
        new string('审', InstanceIds.MaxUtf8Bytes / 3),
        string.Concat(Enumerable.Repeat("👍", InstanceIds.MaxUtf8Bytes / 4)),
        new string('/', InstanceIds.MaxUtf8Bytes),
        new string('x', 10_000),
    ];

    [Theory]
    [MemberData(nameof(NastyIds))]
    public void Any_short_id_encodes_to_a_safe_key_and_decodes_back(string id)
    {
        var key = TableKeys.Encode(id);

        AssertSafe(key);
        Assert.Equal(id, TableKeys.Decode(key));
    }

    [Theory]
    [MemberData(nameof(LongIds))]
    public void Any_id_fits_the_key_limit_of_Azure_Tables(string id)
    {
        var key = TableKeys.Encode(id);

        AssertSafe(key);
        Assert.Equal(key, TableKeys.Encode(id));
    }

    [Fact]
    public void Ids_switch_from_reversible_to_hashed_keys_exactly_where_the_reversible_key_would_not_fit()
    {
        // 40 readable characters + '~' + Base64 of 353 bytes (471 characters) = 512; one byte more needs 514.
        var longestReversible = new string('x', 353);
        var shortestHashed = new string('x', 354);

        Assert.Equal(TableKeys.MaxKeyLength, TableKeys.Encode(longestReversible).Length);
        Assert.Equal(longestReversible, TableKeys.Decode(TableKeys.Encode(longestReversible)));
        var hashed = TableKeys.Encode(shortestHashed);
        Assert.Equal(40 + 1 + 43, hashed.Length);
        Assert.Contains('!', hashed);
        Assert.Throws<FormatException>(() => TableKeys.Decode(hashed));
    }

    [Fact]
    public void Ids_without_readable_characters_keep_reversible_keys_longer()
    {
        // No readable prefix: 1 + Base64 of 383 bytes (511 characters) = 512.
        var id = new string('/', 383);

        Assert.Equal(id, TableKeys.Decode(TableKeys.Encode(id)));
        Assert.Contains('!', TableKeys.Encode(id + "/"));
    }

    [Fact]
    public void Keys_keep_a_readable_prefix()
    {
        Assert.StartsWith("order-42~", TableKeys.Encode("order-42"), StringComparison.Ordinal);
        Assert.StartsWith("ab~", TableKeys.Encode("a/b"), StringComparison.Ordinal);
        Assert.StartsWith(new string('x', 40) + "!", TableKeys.Encode(new string('x', 500)), StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_that_read_alike_get_different_keys()
    {
        Assert.NotEqual(TableKeys.Encode("a/b"), TableKeys.Encode("a\\b"));
        Assert.NotEqual(TableKeys.Encode("ab"), TableKeys.Encode("a/b"));
        Assert.NotEqual(TableKeys.Encode(new string('x', 500) + "a"), TableKeys.Encode(new string('x', 500) + "b"));
    }

    [Fact]
    public void Decoding_a_key_that_was_not_encoded_fails_clearly()
    {
        Assert.Throws<FormatException>(() => TableKeys.Decode("no-separator"));
        Assert.Throws<FormatException>(() => TableKeys.Decode("x~@@@"));
    }

    [Theory]
    [InlineData("PO-1", null)]
    [InlineData("", "empty")]
    [InlineData("  ", "empty")]
    [InlineData("a\nb", "control characters")]
    public void Instance_id_rules_name_the_problem(string id, string? problem)
    {
        var found = InstanceIds.Problem(id);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_instance_id_with_an_unpaired_surrogate_is_not_text()
    {
        // Built at run time: attribute data cannot hold a lone surrogate.
        var id = "a" + (char)0xD800 + "b";

        Assert.Contains("unpaired surrogate", InstanceIds.Problem(id), StringComparison.Ordinal);
    }

    [Fact]
    public void Instance_ids_may_have_720_bytes_of_UTF8_and_no_more()
    {
        Assert.Null(InstanceIds.Problem(new string('x', 720)));
        Assert.Null(InstanceIds.Problem(new string('审', 240)));
        Assert.Contains("at most 720 bytes", InstanceIds.Problem(new string('x', 721)), StringComparison.Ordinal);
        Assert.Contains("it has 723", InstanceIds.Problem(new string('审', 241)), StringComparison.Ordinal);
    }

    private static void AssertSafe(string key)
    {
        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.True(key.Length <= TableKeys.MaxKeyLength, $"key is {key.Length} characters");
        Assert.Equal(key.Length, Encoding.UTF8.GetByteCount(key));
    }
}
