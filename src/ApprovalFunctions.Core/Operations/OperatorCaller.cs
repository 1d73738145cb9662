using ApprovalFunctions.Core.Requests;

namespace ApprovalFunctions.Core.Operations;

/// <summary>
/// Who called an operator endpoint, as far as the request tells: the <c>x-operator</c> header an operator may set,
/// the principal App Service authentication put in <c>x-ms-client-principal-name</c>, and the remote address.
/// The admin key itself says nothing about the person, so these are all the audit can record.
/// </summary>
public sealed record OperatorCaller(string? Operator, string? Principal, string? RemoteAddress)
{
    public const string OperatorHeader = "x-operator";
    public const string PrincipalHeader = "x-ms-client-principal-name";
    private const int MaxLength = 128;

    public static OperatorCaller From(RequestHeaders headers, string? remoteAddress)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return new OperatorCaller(Clean(headers[OperatorHeader]), Clean(headers[PrincipalHeader]), remoteAddress);
    }

    /// <summary>Header values go into logs: keep them short and on one line.</summary>
    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var oneLine = new string([.. value.Trim().Where(c => !char.IsControl(c))]);
        return oneLine.Length > MaxLength ? oneLine[..MaxLength] : oneLine;
    }
}
