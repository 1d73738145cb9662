using ApprovalFunctions.Core.Facade;

namespace ApprovalFunctions.UnitTests.Facade;

public sealed class FacadeOptionsValidatorTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", "", true)]
    [InlineData("cli_source", "sixteen-chars-ok", true)]
    [InlineData("cli_source", null, false)]
    [InlineData(null, "sixteen-chars-ok", false)]
    [InlineData("cli_source", "too-short", false)]
    [InlineData("cli source", "sixteen-chars-ok", false)]
    public void Both_credentials_or_neither_and_a_secret_long_enough_to_sign(string? appId, string? secret, bool valid)
    {
        var result = new FacadeOptionsValidator().Validate(null, new FacadeOptions { AppId = appId, AppSecret = secret });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Facade:App", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
