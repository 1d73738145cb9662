using FeishuEmulator.Configuration;

namespace FeishuEmulator.Tests.Emulator.Infrastructure;

/// <summary>A fresh emulator (fake clock) per test; override <see cref="Options"/> to change its behaviour.</summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    private EmulatorHarness? _emulator;

    protected EmulatorHarness Emulator => _emulator ?? throw new InvalidOperationException("The emulator starts in InitializeAsync.");

    protected virtual FeishuEmulatorOptions Options => new();

    public async Task InitializeAsync() => _emulator = await EmulatorHarness.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
