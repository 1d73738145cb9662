using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Net;
using ApprovalFunctions.Core.Requests;
using Microsoft.Extensions.Options;

namespace ApprovalFunctions.Core.QuickApproval;

/// <summary>
/// Turns the raw request of <c>POST /api/feishu/actions</c> into an authenticated <see cref="FeishuActionCallback"/>:
/// size cap, JSON, decryption when <see cref="CallbackOptions.Key"/> is set (a plain body is then refused), the token
/// compared in constant time, and the fields. Nothing is relayed unless all pass.
/// </summary>
public sealed class FeishuCallbackReader(IOptions<CallbackOptions> options)
{
    private readonly CallbackOptions _options = options.Value;
    private readonly byte[] _tokenDigest = Digest(options.Value.Token ?? string.Empty);

    public async Task<CallbackReadResult> ReadAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.ContentLength > _options.MaxBodyBytes)
        {
            return TooLarge();
        }

        var body = await request.Body.ReadAsync(_options.MaxBodyBytes, cancellationToken);
        if (body.FailedStatus is { } failedStatus)
        {
            return CallbackReadResult.Fail(failedStatus, "$", body.Failure ?? "The body could not be read.");
        }

        return body.Bytes is { } bytes ? Read(bytes.Span) : TooLarge();
    }

    public CallbackReadResult Read(ReadOnlySpan<byte> body)
    {
        if (!TryParseObject(body, out var document))
        {
            return CallbackReadResult.Fail((int)HttpStatusCode.BadRequest, "$", "The body must be a JSON object.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.TryGetProperty("encrypt", out var encrypted))
            {
                return ReadEncrypted(encrypted);
            }

            return string.IsNullOrEmpty(_options.Key)
                ? ReadPlain(root)
                : CallbackReadResult.Fail((int)HttpStatusCode.Unauthorized, "$.encrypt",
                    "Callback:Key is set, so callbacks must be encrypted ({\"encrypt\": \"...\"}): set the definition's action_callback_key to the same key.");
        }
    }

    private CallbackReadResult ReadEncrypted(JsonElement encrypted)
    {
        if (string.IsNullOrEmpty(_options.Key))
        {
            return CallbackReadResult.Fail((int)HttpStatusCode.BadRequest, "$.encrypt",
                "The callback is encrypted but Callback:Key is not set: set it to the definition's action_callback_key.");
        }

        if (encrypted.ValueKind != JsonValueKind.String)
        {
            return CallbackReadResult.Fail((int)HttpStatusCode.BadRequest, "$.encrypt", "encrypt must be a Base64 string.");
        }

        if (!CallbackDecryption.TryDecrypt(_options.Key, encrypted.GetString()!, out var plaintext, out var failure))
        {
            return failure == CallbackDecryptionFailure.WrongKey
                ? CallbackReadResult.Fail((int)HttpStatusCode.Unauthorized, "$.encrypt", "The callback was not encrypted with the configured Callback:Key.")
                : CallbackReadResult.Fail((int)HttpStatusCode.BadRequest, "$.encrypt", "encrypt must be the Base64 of a 16-byte IV followed by AES-256-CBC blocks.");
        }

        // Valid padding by chance under a wrong key yields bytes that are not JSON: that is a key problem too.
        if (!TryParseObject(plaintext, out var inner))
        {
            return CallbackReadResult.Fail((int)HttpStatusCode.Unauthorized, "$.encrypt", "The decrypted callback is not a JSON object: it was not encrypted with the configured Callback:Key.");
        }

        using (inner)
        {
            return ReadPlain(inner.RootElement);
        }
    }

    private CallbackReadResult ReadPlain(JsonElement root)
    {
        if (!FeishuActionCallbackParser.TryReadText(root, "token", out var token) || token is null)
        {
            return CallbackReadResult.Fail((int)HttpStatusCode.Unauthorized, "$.token", "The callback carries no token.");
        }

        // Digests have equal length, so the comparison takes the same time whatever the presented token's length.
        if (!CryptographicOperations.FixedTimeEquals(Digest(token), _tokenDigest))
        {
            return CallbackReadResult.Fail((int)HttpStatusCode.Unauthorized, "$.token", "The callback token is not the configured Callback:Token.");
        }

        var parsed = FeishuActionCallbackParser.Parse(root);
        return parsed.Callback is { } callback
            ? new CallbackReadResult(callback, (int)HttpStatusCode.OK, null, null)
            : CallbackReadResult.Fail((int)HttpStatusCode.BadRequest, parsed.Field!, parsed.Problem!);
    }

    private CallbackReadResult TooLarge() =>
        CallbackReadResult.Fail((int)HttpStatusCode.RequestEntityTooLarge, "$", $"The body must not exceed Callback:MaxBodyBytes ({_options.MaxBodyBytes} bytes).");

    private static bool TryParseObject(ReadOnlySpan<byte> json, out JsonDocument document)
    {
        document = null!;
        try
        {
            var parsed = JsonDocument.Parse(json.ToArray());
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                parsed.Dispose();
                return false;
            }

            document = parsed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}

/// <summary>An authenticated callback (status 200), or the HTTP status and the field and reason of the refusal.</summary>
public sealed record CallbackReadResult(FeishuActionCallback? Callback, int StatusCode, string? Field, string? Problem)
{
    public static CallbackReadResult Fail(int statusCode, string field, string problem) => new(null, statusCode, field, problem);
}
