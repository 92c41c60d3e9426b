namespace Urssaf.TestKit;

/// <summary>Request bodies the tests share, with the defaults a typical entrepreneur has.</summary>
public static class TestData
{
    /// <summary>
    /// A formality as the formalities centre sends it (API.md), naming its entrepreneur: only a registration with this
    /// <paramref name="nir"/> and <paramref name="birthName"/> (or <paramref name="usageName"/>) can open its account.
    /// </summary>
    public static object Formality(string siret, string nir = "295109912611193", string birthName = "Martin", string? usageName = null,
        string legalName = "Claire Martin", string activityStart = "2026-01-15", string category = "liberal_bnc", string nature = "liberal",
        string frequency = "quarterly", bool incomeTaxWithholding = false, string birthDate = "1995-10-12") => new
    {
        siret, legalName, apeCode = "6201Z", activityStartDate = activityStart, activityNature = nature, primaryCategory = category,
        department = "75", declarationFrequency = frequency, incomeTaxWithholding, acre = false, address = "1 rue X 75001 Paris",
        entrepreneur = new { nir, birthName, usageName, firstNames = "Claire Anne", birthDate },
    };
}
