using System.Security.Cryptography;
using ApprovalFunctions.Feishu.Schemas;

namespace FeishuEmulator.Tests.Contract;

/// <summary>
/// The schemas the app ships are Feishu's published files, byte for byte: pinned by their SHA-256 as published in the
/// API reference (the published copies live outside the repository, so a clean clone cannot compare with them).
/// </summary>
public sealed class EmbeddedSchemaTests
{
    public static TheoryData<string, string, string> PublishedSchemas => new()
    {
        { FeishuRequestSchemas.ExternalInstanceCreateName, "/open-apis/approval/v4/external_instances", "ffa2a170b8c7970fdc5badf7f9c1e74fef20cb9e020ecef114266a0b60b9d0ed" },
        { FeishuRequestSchemas.ExternalInstanceCheckName, "/open-apis/approval/v4/external_instances/check", "29b527d0660b1632e901c2e6f0333547683c4224a223bec48052fa460c0e7d67" },
        { FeishuRequestSchemas.TaskQueryName, "/open-apis/approval/v4/tasks/query", "e701d57e2d4f59b4a3d92cf0c190595d7ca302587dddbb2917792f901e01d2ea" },
        { FeishuRequestSchemas.ExternalTaskListName, "/open-apis/approval/v4/external_tasks", "4a9310e702cef1e69eb721df8cf8756fff4f1941f8480e25365b7fefaf671a9a" },
        { FeishuRequestSchemas.ExternalApprovalCreateName, "/open-apis/approval/v4/external_approvals", "8bb85aa792252a80fbd5edc5ce6934efc8a2c56723c19ef5b74fd8f973e620d0" },
    };

    [Theory]
    [MemberData(nameof(PublishedSchemas))]
    public void Each_embedded_schema_is_the_published_file_and_describes_its_call(string name, string path, string sha256)
    {
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(FeishuRequestSchemas.ReadFile(name))));
        var schema = FeishuRequestSchemas.Get(name);
        Assert.Equal((name, path), (schema.Name, schema.Path));
        Assert.True(schema.Body is not null || schema.Query is not null, $"{name} has neither a body nor a query schema.");
    }

    [Fact]
    public void Every_embedded_schema_is_listed() =>
        Assert.Equal(PublishedSchemas.Count, FeishuRequestSchemas.All.Count);
}
