using System.Net;
using System.Text;
using ApprovalFunctions.Feishu.Client;

namespace FeishuEmulator.Tests.Contract;

/// <summary>A request exactly as the client put it on the wire.</summary>
public sealed record WireRequest(HttpMethod Method, string Path, string Query, string? ContentType, string? Body);

/// <summary>Records what the client sends; answers the token call and every approval call with success.</summary>
public sealed class CapturingFeishuHandler : HttpMessageHandler
{
    private readonly List<WireRequest> requests = [];

    public IReadOnlyList<WireRequest> ApprovalRequests
    {
        get
        {
            lock (requests)
            {
                return [.. requests.Where(r => r.Path != "/" + FeishuApiPaths.TenantAccessToken)];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var wire = new WireRequest(request.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query.TrimStart('?'), request.Content?.Headers.ContentType?.MediaType, body);
        lock (requests)
        {
            requests.Add(wire);
        }

        var json = wire.Path == "/" + FeishuApiPaths.TenantAccessToken
            ? """{"code":0,"msg":"ok","tenant_access_token":"t-contract","expire":7200}"""
            : """{"code":0,"msg":"success","data":{}}""";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
