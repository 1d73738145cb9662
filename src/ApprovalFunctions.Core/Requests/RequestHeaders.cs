using System.Collections.Frozen;
using System.Globalization;

namespace ApprovalFunctions.Core.Requests;

/// <summary>
/// The headers of an incoming request, read-only and case-insensitive by name as HTTP says. Core reads requests through
/// this and <see cref="IRequestBody"/> only, so it needs no web framework: the host that received the request builds them.
/// </summary>
public sealed class RequestHeaders
{
    public const string ContentTypeName = "Content-Type";
    public const string ContentLengthName = "Content-Length";
    public const string AuthorizationName = "Authorization";

    private readonly FrozenDictionary<string, string[]> _values;

    public RequestHeaders(IEnumerable<KeyValuePair<string, IEnumerable<string?>>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _values = headers
            .Select(h => (h.Key, Values: h.Value.OfType<string>().ToArray()))
            .Where(h => h.Values.Length > 0)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.SelectMany(h => h.Values).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public static RequestHeaders Empty { get; } = new([]);

    /// <summary>Headers of one value each, as tests and simple callers have them.</summary>
    public static RequestHeaders Of(params (string Name, string Value)[] headers) =>
        new(headers.Select(h => new KeyValuePair<string, IEnumerable<string?>>(h.Name, [h.Value])));

    /// <summary>The header's values in the order received; empty when it was not sent.</summary>
    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var values) ? values : [];

    /// <summary>The header as one value (a header sent twice joined by ", ", as HTTP defines); null when it was not sent.</summary>
    public string? this[string name] => _values.TryGetValue(name, out var values) ? string.Join(", ", values) : null;

    public string? ContentType => this[ContentTypeName];

    /// <summary>The declared body length; null when absent or not a number (the body is then read to its end, bounded).</summary>
    public long? ContentLength =>
        long.TryParse(this[ContentLengthName], NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null;
}
