using System.Text;
using ApprovalFunctions.Core.QuickApproval;

namespace ApprovalFunctions.UnitTests.QuickApproval;

public sealed class CallbackDecryptionTests
{
    // Feishu's published example of its callback encryption: key "test key", plaintext "hello world".
    private const string FeishuVectorKey = "test key";
    private const string FeishuVectorCiphertext = "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=";

    [Fact]
    public void Feishu_published_vector_decrypts_to_hello_world()
    {
        Assert.True(CallbackDecryption.TryDecrypt(FeishuVectorKey, FeishuVectorCiphertext, out var plaintext, out var failure));

        Assert.Equal(CallbackDecryptionFailure.None, failure);
        Assert.Equal("hello world", Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void Key_is_the_SHA_256_of_the_key_string()
    {
        Assert.Equal("fa2bdca424f01f01ffb48df93acc35d439c7fd331a1a7fba6ac2fd83aa9ab31a", Convert.ToHexStringLower(CallbackDecryption.KeyBytes(FeishuVectorKey)));
    }

    [Fact]
    public void What_Feishu_encrypts_with_a_random_IV_decrypts_back()
    {
        var encrypted = QuickApprovalTestData.Encrypt("另一把钥匙", "{\"action_type\":\"APPROVE\",\"reason\":\"同意\"}");

        Assert.True(CallbackDecryption.TryDecrypt("另一把钥匙", encrypted, out var plaintext, out _));
        Assert.Equal("{\"action_type\":\"APPROVE\",\"reason\":\"同意\"}", Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void Another_key_is_reported_as_the_wrong_key()
    {
        Assert.False(CallbackDecryption.TryDecrypt("not the test key", FeishuVectorCiphertext, out _, out var failure));

        Assert.Equal(CallbackDecryptionFailure.WrongKey, failure);
    }

    [Theory]
    [InlineData("not base64 at all!", CallbackDecryptionFailure.NotBase64)]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", CallbackDecryptionFailure.Malformed)]
    [InlineData("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghkA", CallbackDecryptionFailure.Malformed)]
    public void Data_that_AES_CBC_cannot_have_produced_is_malformed(string encrypted, CallbackDecryptionFailure expected)
    {
        Assert.False(CallbackDecryption.TryDecrypt(FeishuVectorKey, encrypted, out _, out var failure));

        Assert.Equal(expected, failure);
    }
}
