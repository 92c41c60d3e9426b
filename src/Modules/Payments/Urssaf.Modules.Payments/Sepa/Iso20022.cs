using System.Xml;
using System.Xml.Schema;

namespace Urssaf.Modules.Payments.Sepa;

/// <summary>
/// The official ISO 20022 schemas (embedded, provenance in Schemas/SOURCES.md) and a hardened reader:
/// no DTD (XXE refused), no external resolution, schema validation on the way in and out.
/// </summary>
internal static class Iso20022
{
    public const string Pain008Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02";
    public const string Camt054Namespace = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02";
    public const string Camt053Namespace = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";
    public const string Pain001Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    private static readonly Lazy<XmlSchemaSet> Pain008 = new(() => Load("pain.008.001.02.xsd"));
    private static readonly Lazy<XmlSchemaSet> Camt054 = new(() => Load("camt.054.001.02.xsd"));
    private static readonly Lazy<XmlSchemaSet> Camt053 = new(() => Load("camt.053.001.02.xsd"));
    private static readonly Lazy<XmlSchemaSet> Pain001 = new(() => Load("pain.001.001.03.xsd"));

    public static XmlSchemaSet Pain008Schema => Pain008.Value;
    public static XmlSchemaSet Camt054Schema => Camt054.Value;
    public static XmlSchemaSet Camt053Schema => Camt053.Value;
    public static XmlSchemaSet Pain001Schema => Pain001.Value;

    /// <summary>The schema errors of a document (empty when valid); malformed XML and any DTD are errors too.</summary>
    public static IReadOnlyList<string> Validate(byte[] document, XmlSchemaSet schemas)
    {
        var errors = new List<string>();
        var settings = SafeSettings();
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = schemas;
        // an element outside the schema's namespace is only a warning by default: here it is an error
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"line {e.Exception.LineNumber}: {e.Message}");
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(document), settings);
            while (reader.Read()) { }
        }
        catch (XmlException e)
        {
            errors.Add(e.Message);
        }

        return errors;
    }

    /// <summary>DTDs prohibited (an entity declaration is an error, so no XXE or entity expansion), nothing resolved.</summary>
    public static XmlReaderSettings SafeSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = 50_000_000,
        IgnoreWhitespace = true,
        IgnoreComments = true,
    };

    private static XmlSchemaSet Load(string name)
    {
        using var stream = typeof(Iso20022).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"The embedded schema {name} is missing.");
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(stream, SafeSettings());
        set.Add(null, reader);
        set.Compile();
        return set;
    }
}
