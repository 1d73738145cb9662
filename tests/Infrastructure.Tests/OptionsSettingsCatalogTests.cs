using System.ComponentModel.DataAnnotations;
using Infrastructure.Tests.AppSettings;

namespace Infrastructure.Tests;

public sealed class OptionsSettingsCatalogTests
{
    [Fact]
    public void Feishu_app_id_and_secret_are_required_and_the_defaulted_base_url_is_not()
    {
        var required = FunctionAppTests.AppCatalog.Required.Select(s => s.Name).ToList();

        Assert.Contains("Feishu__AppId", required);
        Assert.Contains("Feishu__AppSecret", required);
        Assert.DoesNotContain("Feishu__BaseUrl", required);
    }

    [Fact]
    public void Quick_approval_settings_are_optional_and_bound_from_the_Callback_section()
    {
        var required = FunctionAppTests.AppCatalog.Required.Select(s => s.Name).ToList();
        foreach (var name in new[] { "Callback__Token", "Callback__Key", "Callback__SourceUrl", "Callback__SourceSecret", "Callback__Timeout", "Callback__CompletionGrace", "Callback__PublicBaseUrl" })
        {
            Assert.True(FunctionAppTests.AppCatalog.TryFind(name, out _), $"{name} binds no options property.");
            Assert.DoesNotContain(name, required);
        }

        Assert.False(FunctionAppTests.AppCatalog.TryFind("Callback__IsConfigured", out _));
    }

    [Fact]
    public void Sweep_settings_are_one_optional_section_and_their_old_names_bind_nothing()
    {
        var required = FunctionAppTests.AppCatalog.Required.Select(s => s.Name).ToList();
        foreach (var name in new[] { "Sweep__ShardCount", "Sweep__Period", "Sweep__FinalRetention" })
        {
            Assert.True(FunctionAppTests.AppCatalog.TryFind(name, out _), $"{name} binds no options property.");
            Assert.DoesNotContain(name, required);
        }

        foreach (var old in new[] { "State__SweepShardCount", "Reconcile__SweepPeriod", "Reconcile__FinalRetention" })
        {
            Assert.False(FunctionAppTests.AppCatalog.TryFind(old, out _), $"{old} still binds an options property.");
        }
    }

    [Fact]
    public void Nested_options_are_named_with_double_underscores()
    {
        Assert.True(FunctionAppTests.AppCatalog.TryFind("Feishu__RateLimit__MaxHostCount", out var setting));
        Assert.False(setting.IsRequired);
    }

    [Fact]
    public void Required_means_Required_attribute_and_an_empty_default()
    {
        var catalog = OptionsSettingsCatalog.FromTypes([typeof(SampleOptions)]);

        Assert.Equal(
            ["Sample__Endpoint", "Sample__Inner__Key", "Sample__Name", "Sample__Secrets"],
            catalog.Required.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.True(catalog.TryFind("Sample__Secrets", out var secrets) && secrets.IsCollection);
        Assert.True(catalog.TryFind("Sample__Defaulted", out var defaulted) && !defaulted.IsRequired);
        Assert.False(catalog.TryFind("Sample__Computed", out _));
    }

    [Fact]
    public void Classes_without_a_SectionName_constant_are_not_options()
    {
        var catalog = OptionsSettingsCatalog.FromTypes([typeof(NotOptions)]);

        Assert.Empty(catalog.Settings);
    }

    public sealed class SampleOptions
    {
        public const string SectionName = "Sample";

        [Required]
        public string Name { get; set; } = string.Empty;

        [Required]
        public Uri? Endpoint { get; set; }

        [Required]
        public string Defaulted { get; set; } = "set";

        [Required]
        public IReadOnlyList<string> Secrets { get; set; } = [];

        public string Optional { get; set; } = string.Empty;

        [Required]
        public int Count { get; set; }

        public SampleInner Inner { get; set; } = new();

        public int Computed => Count * 2;
    }

    public sealed class SampleInner
    {
        [Required]
        public string Key { get; set; } = string.Empty;
    }

    public sealed class NotOptions
    {
        [Required]
        public string Name { get; set; } = string.Empty;
    }
}
