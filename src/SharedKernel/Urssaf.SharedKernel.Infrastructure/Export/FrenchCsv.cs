using System.Globalization;
using System.Text;

namespace Urssaf.SharedKernel.Infrastructure.Export;

/// <summary>
/// CSV as French spreadsheets and accounting software read it: <c>;</c> between cells, decimal commas, ISO dates,
/// CRLF lines, UTF-8 with a byte-order mark. Cells are quoted when needed (RFC 4180) and a cell starting like a formula
/// (= + @, or - not followed by a digit) is prefixed with <c>'</c>, so a spreadsheet never runs it.
/// </summary>
public sealed class FrenchCsv
{
    private readonly StringBuilder _text = new();

    public FrenchCsv(string header) => _text.Append(header).Append("\r\n");

    public FrenchCsv Row(params string?[] cells)
    {
        _text.AppendJoin(';', cells.Select(Cell)).Append("\r\n");
        return this;
    }

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    public override string ToString() => _text.ToString();

    public static string Euros(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');

    public static string Cents(long cents) => Euros(cents / 100m);

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture).Replace('.', ',');

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '@' || (value[0] == '-' && !char.IsAsciiDigit(value.ElementAtOrDefault(1)))) value = "'" + value;
        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
