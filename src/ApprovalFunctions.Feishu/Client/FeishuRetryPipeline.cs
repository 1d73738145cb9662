using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ApprovalFunctions.Feishu.Client;

/// <summary>One try of a call, as the retry strategy sees it.</summary>
internal interface IFeishuAttempt
{
    string Operation { get; }

    /// <summary>Null when the try succeeded.</summary>
    FeishuFailure? Failure { get; }
}

/// <summary>
/// The client's retries (Polly.Core): jittered exponential backoff from <see cref="FeishuOptions.RetryBaseDelay"/>
/// for transient failures, Feishu's own reset time for rate limiting, at most <see cref="FeishuOptions.MaxRetries"/>.
/// Failures arrive as results, not exceptions, so exceptions (the caller's cancellation above all) pass through.
/// </summary>
internal sealed class FeishuRetryPipeline
{
    /// <summary>Longer waits belong to the queue, which holds no worker while it waits.</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public FeishuRetryPipeline(IOptions<FeishuOptions> options, TimeProvider time, FeishuTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(telemetry);
        MaxRetries = options.Value.MaxRetries;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                Delay = options.Value.RetryBaseDelay,
                MaxDelay = MaxBackoff,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is IFeishuAttempt { Failure.IsRetryable: true }),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Result is IFeishuAttempt { Failure.RetryDelay: { } wait } ? wait : (TimeSpan?)null),
                OnRetry = args =>
                {
                    if (args.Outcome.Result is IFeishuAttempt { Failure: { } failure } attempt)
                    {
                        var waitsForFeishu = failure.Advice == RetryAdvice.WaitForRateLimitReset;
                        telemetry.Retrying(attempt.Operation, waitsForFeishu ? "rate_limit_reset" : "backoff");
                        if (waitsForFeishu)
                        {
                            telemetry.WaitingForFeishuRateLimit();
                        }
                    }

                    return default;
                },
            });
        }

        Pipeline = builder.Build();
    }

    public int MaxRetries { get; }

    public ResiliencePipeline Pipeline { get; }
}
