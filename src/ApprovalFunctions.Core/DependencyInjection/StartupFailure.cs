using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.DependencyInjection;

/// <summary>
/// Turns a start-up failure caused by settings into one line naming them, for the hosts' entry points: a missing or
/// wrong setting is an operator's fix, and a stack trace only hides the sentence that says what to set.
/// </summary>
public static class StartupFailure
{
    /// <summary>The settings' problems in one line, or null when <paramref name="exception"/> is not about settings.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => $"Start-up failed: {OneLine(invalid.Message)}",
        AggregateException many when many.InnerExceptions.Count > 0 && many.InnerExceptions.All(e => e is OptionsValidationException) =>
            "Start-up failed: " + string.Join(" ", many.InnerExceptions.Select(e => OneLine(e.Message))),
        _ => null,
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
