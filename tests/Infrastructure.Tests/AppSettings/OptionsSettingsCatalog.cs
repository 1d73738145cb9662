using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Infrastructure.Tests.AppSettings;

/// <summary>
/// The app settings the code binds, found by reflection over the options classes (every class with a
/// <c>public const string SectionName</c>), so the infrastructure checks keep up as areas add options.
/// Setting names follow configuration binding in app settings: <c>Section__Nested__Property</c>.
/// </summary>
public sealed class OptionsSettingsCatalog
{
    private readonly Dictionary<string, OptionsSetting> _settings;

    private OptionsSettingsCatalog(Dictionary<string, OptionsSetting> settings) => _settings = settings;

    public IReadOnlyCollection<OptionsSetting> Settings => _settings.Values;

    /// <summary>Settings the app cannot start without: <c>[Required]</c> with an empty or null default.</summary>
    public IEnumerable<OptionsSetting> Required => _settings.Values.Where(s => s.IsRequired);

    public IReadOnlyCollection<string> Sections { get; private init; } = [];

    public static OptionsSettingsCatalog FromAssemblies(params Assembly[] assemblies) => FromTypes(assemblies.SelectMany(SafeTypes));

    public static OptionsSettingsCatalog FromTypes(IEnumerable<Type> types)
    {
        var settings = new Dictionary<string, OptionsSetting>(StringComparer.OrdinalIgnoreCase);
        var sections = new List<string>();
        foreach (var type in types)
        {
            if (SectionNameOf(type) is not { } section)
            {
                continue;
            }

            sections.Add(section);
            AddProperties(type, section, CreateDefault(type), settings, depth: 0);
        }

        return new OptionsSettingsCatalog(settings) { Sections = sections };
    }

    public bool TryFind(string settingName, out OptionsSetting setting) => _settings.TryGetValue(settingName, out setting!);

    public bool OwnsSection(string settingName) =>
        Sections.Any(section => settingName.StartsWith(section + "__", StringComparison.OrdinalIgnoreCase));

    private static string? SectionNameOf(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
        && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    private static void AddProperties(Type type, string prefix, object? defaults, Dictionary<string, OptionsSetting> into, int depth)
    {
        if (depth > 8)
        {
            throw new InvalidOperationException($"Options nesting under '{prefix}' is deeper than 8 levels (a cycle?).");
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
            {
                continue;
            }

            var name = $"{prefix}__{property.Name}";
            var defaultValue = defaults is null ? null : property.GetValue(defaults);
            if (IsNestedOptions(property.PropertyType))
            {
                AddProperties(property.PropertyType, name, defaultValue ?? CreateDefault(property.PropertyType), into, depth + 1);
                continue;
            }

            // Configuration binding sets scalars and collections only through a public setter.
            if (property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            var isCollection = IsCollection(property.PropertyType);
            var isRequired = property.GetCustomAttribute<RequiredAttribute>() is not null && IsEmpty(defaultValue);
            into[name] = new OptionsSetting(name, property, isCollection, isRequired);
        }
    }

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        IEnumerable items => !items.GetEnumerator().MoveNext(),
        _ => false,
    };

    /// <summary>An options object nested in another: a class or record with settable properties, not a scalar or a collection.</summary>
    private static bool IsNestedOptions(Type type) =>
        type.IsClass
        && type != typeof(string)
        && type != typeof(Uri)
        && !IsCollection(type)
        && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true;

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static object? CreateDefault(Type type) =>
        type.GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance(type) : null;

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}

/// <param name="Name">The app setting name (<c>Feishu__RateLimit__MaxHostCount</c>).</param>
/// <param name="Property">The bound property.</param>
/// <param name="IsCollection">Bound from indexed children (<c>Name__0</c>, <c>Name__1</c>), never from <c>Name</c> itself.</param>
/// <param name="IsRequired"><c>[Required]</c> and no usable default: the app fails validation at start without it.</param>
public sealed record OptionsSetting(string Name, PropertyInfo Property, bool IsCollection, bool IsRequired)
{
    public override string ToString() => Name;
}
