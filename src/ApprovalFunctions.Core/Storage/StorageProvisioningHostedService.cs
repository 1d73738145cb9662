using Microsoft.Extensions.Hosting;

namespace ApprovalFunctions.Core.Storage;

/// <summary>Runs <see cref="StorageProvisioner"/> at start-up, so that Azurite (which starts empty) and new accounts work at once.</summary>
internal sealed class StorageProvisioningHostedService(StorageProvisioner provisioner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => provisioner.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
