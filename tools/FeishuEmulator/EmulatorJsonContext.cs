using System.Text.Json;
using System.Text.Json.Serialization;
using FeishuEmulator.Configuration;
using FeishuEmulator.Diagnostics;

namespace FeishuEmulator;

/// <summary>Source-generated JSON for the emulator's own (non-Feishu) endpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(FaultSettingsValues))]
[JsonSerializable(typeof(EmulatorStatsSnapshot))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
