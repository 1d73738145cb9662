using ApprovalFunctions.Core.Diagnostics;

namespace ApprovalFunctions.UnitTests.Storage;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("PO-1", "PO-1")]
    [InlineData("审批/42", "审批/42")]
    [InlineData("a\r\nOperator audit: forged", "a\\u000D\\u000AOperator audit: forged")]
    [InlineData("tab\there\u0000", "tab\\u0009here\\u0000")]
    [InlineData("line\u2028separator\u0085", "line\\u2028separator\\u0085")]
    public void Control_characters_and_line_separators_become_visible_escapes(string value, string logged) =>
        Assert.Equal(logged, LogText.Escape(value));

    [Fact]
    public void Long_values_are_cut()
    {
        var logged = LogText.Escape(new string('x', 1_000), 10);

        Assert.Equal(new string('x', 10) + "…", logged);
    }
}
