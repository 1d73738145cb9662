using System.Text.Json.Nodes;

namespace Infrastructure.Tests.Arm;

/// <summary>
/// A compiled ARM template with every resource of its nested deployments (Bicep modules) flattened,
/// each resource keeping the template and the deployment it belongs to.
/// </summary>
public sealed class ArmTemplate
{
    private ArmTemplate(JsonObject root)
    {
        Root = root;
        var resources = new List<ArmResource>();
        Collect(root, deployment: null, resources);
        Resources = resources;
    }

    public JsonObject Root { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new FormatException("An ARM template must be a JSON object."));

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The deployment (module) named <paramref name="name"/> declared in <paramref name="template"/>.</summary>
    public ArmResource? Deployment(JsonObject template, string name) =>
        Resources.FirstOrDefault(r =>
            ReferenceEquals(r.Template, template)
            && r.Type == ArmResource.DeploymentType
            && r.Name == name);

    private static void Collect(JsonObject template, ArmResource? deployment, List<ArmResource> into)
    {
        foreach (var node in ResourcesOf(template))
        {
            var resource = new ArmResource(node, template, deployment);
            into.Add(resource);
            if (resource.Type == ArmResource.DeploymentType && node["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, resource, into);
            }
        }
    }

    // languageVersion 2.0 templates hold resources in an object keyed by symbolic name; older ones in an array.
    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };
}
