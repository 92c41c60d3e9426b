using Urssaf.Modules.Identity.Domain;

namespace Urssaf.Modules.Identity.Tests.Unit;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("73282932000074", true)]   // DOMAIN.md §7 vectors
    [InlineData("73282932000079", false)]
    [InlineData("35600000000048", true)]   // La Poste, Luhn
    [InlineData("35600000049837", true)]   // La Poste, digit sum 45
    [InlineData("35600000049838", false)]
    [InlineData("7328293200007", false)]
    [InlineData("7328293200007A", false)]
    [InlineData("", false)]
    public void Siret_is_checked_with_Luhn_and_the_La_Poste_exception(string siret, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidSiret(siret));

    // DOMAIN.md §7 (python-stdnum fr/siret.py): the SIREN (first 9 digits) must pass Luhn on its own as well as the SIRET.
    // 12345678900007 passes Luhn over 14 digits, but its SIREN 123456789 is the §7 vector that fails Luhn.
    [Theory]
    [InlineData("12345678900007", false)]
    [InlineData("732829320", true)]
    [InlineData("123456789", false)]
    public void Siren_must_pass_Luhn_on_its_own(string number, bool valid) =>
        Assert.Equal(valid, number.Length == 9 ? Identifiers.IsValidSiren(number) : Identifiers.IsValidSiret(number));

    // DOMAIN.md §7: La Poste's establishments other than the head office 35600000000048 are valid when the sum of the
    // 14 digits is a multiple of 5, and by nothing else: 35600000000014 passes Luhn but its digit sum is 19.
    [Theory]
    [InlineData("35600000000014", false)]
    [InlineData("35600000000048", true)]
    [InlineData("35600000049837", true)]
    public void La_Poste_establishments_are_checked_by_digit_sum_only(string siret, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidSiret(siret));

    [Theory]
    [InlineData("295109912611193", true)]  // DOMAIN.md §7 vectors
    [InlineData("253072B07300470", true)]  // Corsica 2B
    [InlineData("253072A07300443", true)]  // Corsica 2A
    [InlineData("253072a07300443", true)]
    [InlineData("295109912611194", false)] // wrong key
    [InlineData("595109912611193", false)] // sex digit
    [InlineData("295139912611193", false)] // month 13
    [InlineData("29510991261119", false)]
    [InlineData("2951099126111AB", false)]
    public void Nir_key_is_97_minus_the_number_mod_97(string nir, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidNir(nir));

    [Theory]
    [InlineData("6201Z", "6201Z")]
    [InlineData("62.01z", "6201Z")]
    [InlineData("620Z", null)]
    [InlineData("62011", null)]
    public void Ape_code_is_normalised(string input, string? expected) => Assert.Equal(expected, Identifiers.NormalizeApe(input));

    [Theory]
    [InlineData("75", true)]
    [InlineData("01", true)]
    [InlineData("2A", true)]
    [InlineData("2B", true)]
    [InlineData("971", true)]
    [InlineData("976", true)]
    [InlineData("20", false)]
    [InlineData("00", false)]
    [InlineData("96", false)]
    [InlineData("977", false)]
    [InlineData("2C", false)]
    public void Departments_are_INSEE_codes(string department, bool valid) =>
        Assert.Equal(valid, Identifiers.IsValidDepartment(department));
}
