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
        "'quotes' and \"double\"",
        "%2F%5C url-encoded",
        "..",
        new string('x', TableKeys.MaxIdUtf8Bytes),
        new string('审', TableKeys.MaxIdUtf8Bytes / 3),
    ];

    [Theory]
    [MemberData(nameof(NastyIds))]
    public void Any_id_encodes_to_a_safe_key_and_decodes_back(string id)
    {
        var key = TableKeys.Encode(id);

        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.True(key.Length <= 1024, $"key is {key.Length} characters");
        Assert.All(key, c => Assert.True(c < 128, "keys are ASCII"));
        Assert.Equal(id, TableKeys.Decode(key));
    }

    [Fact]
    public void Keys_keep_a_readable_prefix()
    {
        Assert.StartsWith("order-42~", TableKeys.Encode("order-42"), StringComparison.Ordinal);
        Assert.StartsWith("ab~", TableKeys.Encode("a/b"), StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_that_read_alike_get_different_keys()
    {
        Assert.NotEqual(TableKeys.Encode("a/b"), TableKeys.Encode("a\\b"));
        Assert.NotEqual(TableKeys.Encode("ab"), TableKeys.Encode("a/b"));
    }

    [Fact]
    public void Too_long_or_empty_ids_are_refused_with_a_clear_error()
    {
        var tooLong = new string('x', TableKeys.MaxIdUtf8Bytes + 1);

        Assert.False(TableKeys.CanEncode(tooLong));
        Assert.False(TableKeys.CanEncode(string.Empty));
        var error = Assert.Throws<ArgumentException>(() => TableKeys.Encode(tooLong));
        Assert.Contains(TableKeys.MaxIdUtf8Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_a_key_that_was_not_encoded_fails_clearly()
    {
        Assert.Throws<FormatException>(() => TableKeys.Decode("no-separator"));
        Assert.Throws<FormatException>(() => TableKeys.Decode("x~@@@"));
    }
}
