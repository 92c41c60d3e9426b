using Urssaf.Modules.Payments.Domain;

namespace Urssaf.Modules.Payments.Tests.Domain;

public sealed class BankIdentifierTests
{
    private const string Valid = "FR7630006000011234567890189";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    [Theory]
    [InlineData("FR7630006000011234567890189")]
    [InlineData("FR76 3000 6000 0112 3456 7890 189")]
    [InlineData("fr7630006000011234567890189")]
    [InlineData("DE89370400440532013000")]
    [InlineData("BE68539007547034")]
    [InlineData("GB82WEST12345698765432")]
    public void Valid_ibans_pass(string iban) => Assert.True(Iban.IsValid(iban));

    [Theory]
    [InlineData("FR7630006000011234567890188")] // check digits
    [InlineData("FR763000600001123456789018")]  // length for FR
    [InlineData("XX7630006000011234567890189")] // unknown country
    [InlineData("FR76300060000112345678901-9")]
    [InlineData("")]
    [InlineData("FR")]
    public void Invalid_ibans_fail(string iban) => Assert.False(Iban.IsValid(iban));

    /// <summary>
    /// MOD 97-10 detects every single substitution within a character class (digit for digit, letter for letter);
    /// a digit turned into a letter where the French format wants digits (check digits, bank, branch, RIB key) is
    /// refused by the structure check. Only a letter in the 11-character account part can make another valid account.
    /// </summary>
    [Fact]
    public void Every_single_character_change_of_a_valid_iban_is_refused()
    {
        var tried = 0;
        for (var position = 0; position < Valid.Length; position++)
        {
            var accountPart = position is >= 14 and < 25;
            foreach (var replacement in Alphabet)
            {
                if (replacement == Valid[position] || (accountPart && char.IsLetter(replacement) != char.IsLetter(Valid[position]))) continue;
                var changed = Valid[..position] + replacement + Valid[(position + 1)..];
                Assert.False(Iban.IsValid(changed), changed);
                tried++;
            }
        }

        Assert.Equal(16 * 35 + 11 * 9, tried);
    }

    [Fact]
    public void Masking_keeps_the_country_check_digits_and_the_last_four() =>
        Assert.Equal("FR76*******************0189", Iban.Mask(Valid));

    [Theory]
    [InlineData("BNPAFRPP", true)]
    [InlineData("BNPAFRPPXXX", true)]
    [InlineData("BNPAFRP", false)]
    [InlineData("BNPA1RPP", false)]
    [InlineData("bnpafrpp", false)]
    public void Bic_format(string bic, bool valid) => Assert.Equal(valid, Bic.IsValid(bic));

    [Theory]
    [InlineData("FR72ZZZ123456", true)]
    [InlineData("FR72ABC123456", true)]  // the business code is outside the check
    [InlineData("ES23ZZZ47690558N", true)]
    [InlineData("FR73ZZZ123456", false)]
    [InlineData("FR72ZZZ123457", false)]
    [InlineData("FR72ZZZ1234567", false)] // a French ICS has 13 characters
    public void Creditor_identifier_check(string ics, bool valid) => Assert.Equal(valid, CreditorIdentifier.IsValid(ics));

    [Theory]
    [InlineData(2026, 4, 3, false)]  // Good Friday 2026
    [InlineData(2026, 4, 6, false)]  // Easter Monday 2026
    [InlineData(2026, 5, 1, false)]
    [InlineData(2026, 5, 2, false)]  // Saturday
    [InlineData(2026, 5, 8, true)]   // a French holiday but a TARGET business day
    [InlineData(2026, 12, 28, true)]
    public void Target_business_days(int y, int m, int d, bool open) => Assert.Equal(open, TargetCalendar.IsBusinessDay(new DateOnly(y, m, d)));
}
