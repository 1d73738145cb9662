using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApprovalFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Every log line a host writes, with its level, category, rendered message and exception, for tests that assert what
/// an operator would read. Add it to a host's services with <see cref="AddTo"/>.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> lines = new();

    public IReadOnlyList<LogLine> Lines => [.. lines];

    public void AddTo(IServiceCollection services) => services.AddLogging(logging => logging.AddProvider(this).SetMinimumLevel(LogLevel.Information));

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? string.Empty : " " + Exception.GetType().Name)}";
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                owner.lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
