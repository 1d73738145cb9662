using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using FeishuEmulator.Configuration;
using FeishuEmulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FeishuEmulator.Endpoints;

/// <summary>
/// The emulator's own endpoints under <c>/emulator</c>: a read-only JSON view of what Feishu holds, the counters,
/// the live fault settings and a reset. They are not Feishu's and need no token.
/// </summary>
internal static class EmulatorViewEndpoints
{
    /// <summary>
    /// People read these views, often in Chinese: non-ASCII text is written as itself, not as \uXXXX escapes; what HTML and
    /// JSON need escaped (&lt;, &gt;, &amp;, quotes, control characters) still is.
    /// </summary>
    private static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.ServiceProvider.GetRequiredService<FeishuEmulatorControl>();

        endpoints.MapGet("/emulator/instances", () =>
            Json(new JsonArray([.. control.State.Instances.Select(i => (JsonNode)View(i))])));

        endpoints.MapGet("/emulator/instances/{id}", (string id) =>
            control.State.FindInstance(id) is { } instance
                ? Json(View(instance))
                : Json(new JsonObject { ["error"] = $"instance {id} is unknown to the emulator" }, 404));

        endpoints.MapGet("/emulator/stats", () =>
            Results.Json(control.Stats.Snapshot(), EmulatorJsonContext.Default.EmulatorStatsSnapshot));

        endpoints.MapGet("/emulator/faults", () =>
            Results.Json(control.Faults.Snapshot(), EmulatorJsonContext.Default.FaultSettingsValues));

        endpoints.MapPut("/emulator/faults", async (HttpContext context) =>
        {
            FaultSettingsValues? values;
            try
            {
                values = await JsonSerializer.DeserializeAsync(context.Request.Body, EmulatorJsonContext.Default.FaultSettingsValues, context.RequestAborted);
                if (values is null)
                {
                    return Problem("the body must be a fault settings object");
                }

                control.Faults.Set(values);
            }
            catch (JsonException error)
            {
                return Problem($"the body is not valid fault settings JSON: {error.Message}");
            }
            catch (ArgumentException error)
            {
                return Problem(error.Message);
            }

            return Results.Json(control.Faults.Snapshot(), EmulatorJsonContext.Default.FaultSettingsValues);
        });

        endpoints.MapPost("/emulator/reset", () =>
        {
            control.Reset();
            return Results.NoContent();
        });
    }

    private static IResult Problem(string detail) => Json(new JsonObject { ["error"] = detail }, 400);

    private static IResult Json(JsonNode node, int statusCode = 200) =>
        Results.Text(node.ToJsonString(Readable), "application/json; charset=utf-8", statusCode: statusCode);

    private static JsonObject View(InstanceSnapshot instance)
    {
        var view = (JsonObject)instance.Fields.DeepClone();
        view["effective_update_time"] = Time(instance.UpdateTime);
        view["task_list"] = new JsonArray([.. instance.Tasks.Select(t => (JsonNode)WithEffectiveTime(t.Fields, t.UpdateTime))]);
        view["cc_list"] = new JsonArray([.. instance.Ccs.Select(c => (JsonNode)WithEffectiveTime(c.Fields, c.UpdateTime))]);
        return view;
    }

    private static JsonObject WithEffectiveTime(JsonObject fields, long updateTime)
    {
        var view = (JsonObject)fields.DeepClone();
        view["effective_update_time"] = Time(updateTime);
        return view;
    }

    private static string Time(long value) => value.ToString(CultureInfo.InvariantCulture);
}
