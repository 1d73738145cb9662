using System.Security.Cryptography;
using System.Text;

namespace FeishuEmulator.Callbacks;

/// <summary>
/// Feishu's callback encryption (approval-api.md §8): <c>{"encrypt": base64(IV ‖ AES-256-CBC(PKCS7))}</c> with the key
/// SHA-256(UTF-8 key string) and a random 16-byte IV. Public so tests can build callbacks exactly as Feishu does.
/// </summary>
public static class FeishuCallbackCipher
{
    public static string Encrypt(string key, string plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(plaintext);
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var iv = RandomNumberGenerator.GetBytes(16);
        var ciphertext = aes.EncryptCbc(Encoding.UTF8.GetBytes(plaintext), iv, PaddingMode.PKCS7);
        return Convert.ToBase64String([.. iv, .. ciphertext]);
    }

    public static string Decrypt(string key, string encrypted)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var data = Convert.FromBase64String(encrypted);
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Encoding.UTF8.GetString(aes.DecryptCbc(data.AsSpan(16), data.AsSpan(0, 16), PaddingMode.PKCS7));
    }
}
