using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The net every test host casts over its logs must catch what it is meant to catch, and only that.</summary>
public sealed class SecretScannerTests
{
    [Theory]
    [InlineData("login attempt for 295109912611193")]
    [InlineData("nir=253072B07300470 failed")]
    [InlineData("debtor FR76 3000 6000 0112 3456 7890 189")]
    [InlineData("iban FR7630006000011234567890189")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("password was Horizon-Bleu#2026")]
    public void Finds_personal_data_and_secrets(string line) =>
        Assert.NotEmpty(SecretScanner.Find([line], ["Horizon-Bleu#2026"]));

    [Theory]
    [InlineData("DeclarationFiled 0193f1c2-7a3e-7c44-9a51-0c1d2e3f4a5b handled in 12.5 ms")]
    [InlineData("masked FR76*******************0189 and 2*************93")]
    [InlineData("ticks 638512345678901234 and siret 73282932000074")]
    [InlineData("nir-like but wrong key 295109912611194")]
    public void Leaves_ordinary_lines_alone(string line) =>
        Assert.Empty(SecretScanner.Find([line], ["Horizon-Bleu#2026"]));
}
