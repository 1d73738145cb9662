using System.Security.Cryptography;
using System.Text;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// Feishu's callback encryption (approval-api.md §8): the body is <c>{"encrypt":"&lt;base64&gt;"}</c>; the decoded
/// bytes are a 16-byte IV followed by AES-256-CBC ciphertext with PKCS7 padding, keyed by SHA-256 of the UTF-8 key.
/// </summary>
public static class CallbackDecryption
{
    private const int BlockBytes = 16;

    public static byte[] KeyBytes(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Decrypts <paramref name="encrypted"/>; false (and why) when it is not Base64, too short, or not encrypted with <paramref name="key"/>.</summary>
    public static bool TryDecrypt(string key, string encrypted, out byte[] plaintext, out CallbackDecryptionFailure failure)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(encrypted);
        plaintext = [];
        byte[] data;
        try
        {
            data = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            failure = CallbackDecryptionFailure.NotBase64;
            return false;
        }

        // An IV and at least one block, whole blocks only: anything else was not produced by AES-CBC.
        if (data.Length < 2 * BlockBytes || data.Length % BlockBytes != 0)
        {
            failure = CallbackDecryptionFailure.Malformed;
            return false;
        }

        using var aes = Aes.Create();
        aes.Key = KeyBytes(key);
        try
        {
            plaintext = aes.DecryptCbc(data.AsSpan(BlockBytes), data.AsSpan(0, BlockBytes), PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            // Bad padding: almost surely another key.
            failure = CallbackDecryptionFailure.WrongKey;
            return false;
        }

        failure = CallbackDecryptionFailure.None;
        return true;
    }
}

public enum CallbackDecryptionFailure
{
    None,
    NotBase64,
    Malformed,
    WrongKey,
}
