using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ApprovalFunctions.SourceStandIn;

/// <summary>Sends instances to the app as a source system does: <c>POST {AppBaseUrl}/api/instances</c> with Feishu's sync body.</summary>
public sealed class AppClient(HttpClient http, SourceStandInOptions options)
{
    public async Task<(int Status, string Body)> SendInstanceAsync(JsonObject instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.AppBaseUrl, "api/instances"))
        {
            Content = new StringContent(instance.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (!string.IsNullOrEmpty(options.FunctionKey))
        {
            request.Headers.Add("x-functions-key", options.FunctionKey);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
