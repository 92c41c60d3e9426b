using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Tests.Unit;

public sealed class ContactAndSessionTests
{
    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("+33 7 12 34 56 78", "+33712345678")]
    [InlineData("0033612345678", "+33612345678")]
    [InlineData("0692 12 34 56", "+262692123456")]   // La Réunion
    [InlineData("0639 12 34 56", "+262639123456")]   // Mayotte
    [InlineData("0690 12 34 56", "+590690123456")]   // Guadeloupe
    [InlineData("0694 12 34 56", "+594694123456")]   // Guyane
    [InlineData("0696 12 34 56", "+596696123456")]   // Martinique
    [InlineData("+262 692 12 34 56", "+262692123456")]
    [InlineData("+590 690 12 34 56", "+590690123456")]
    [InlineData("+594 694 12 34 56", "+594694123456")]
    [InlineData("+596 696 12 34 56", "+596696123456")]
    [InlineData("+269 639 12 34 56", "+269639123456")]
    [InlineData("+33 6 92 12 34 56", "+262692123456")]  // a Réunion mobile written with +33 is the same line
    [InlineData("01 23 45 67 89", null)]                 // a landline
    [InlineData("+262 262 12 34 56", null)]              // a Réunion landline
    [InlineData("+44 7911 123456", null)]
    [InlineData("06 12 34 56", null)]
    public void French_and_overseas_mobiles_are_kept_in_E164_with_their_own_country_code(string typed, string? expected) =>
        Assert.Equal(expected, ContactPoints.NormalizeMobile(typed));

    [Theory]
    [InlineData("+33612345678", "+33 6 •• •• •• 78")]
    [InlineData("+262692123456", "+262 6 •• •• •• 56")]
    public void Masked_mobiles_keep_their_country_code(string e164, string masked) => Assert.Equal(masked, ContactPoints.MaskMobile(e164));

    [Theory]
    [InlineData("2 95 10 99 126 111 93")]
    [InlineData("2.95.10.99.126.111.93")]
    [InlineData(" 295109912611193 ")]
    public void A_NIR_typed_with_separators_is_valid(string typed)
    {
        Assert.True(Identifiers.IsValidNir(typed));
        var nirs = new NirProtector(new byte[32]);
        Assert.Equal(nirs.Lookup("295109912611193"), nirs.Lookup(typed));
    }

    [Theory]
    [InlineData("Lefèvre-Durand", "LEFEVRE DURAND")]
    [InlineData("  d'Alembert ", "D ALEMBERT")]
    [InlineData("ŒUVRARD", "OEUVRARD")]
    public void Names_are_compared_without_case_accents_or_separators(string name, string key) =>
        Assert.Equal(key, EntrepreneurIdentity.NameKey(name));

    [Fact]
    public void A_session_read_before_a_revocation_is_not_cached_after_it()
    {
        var cache = new SessionCache(TimeSpan.FromSeconds(30));
        var now = new DateTime(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc);
        var account = AccountId.New();
        var session = Session.Open(account, false, "password", new SessionOptions(), null, null, now);

        var before = cache.Generation;          // a request starts reading the session (still active in its snapshot)
        cache.Forget(session.Id);               // meanwhile a logout commits
        cache.Remember(session, now, before);   // the request would cache what it read
        Assert.False(cache.IsKnownActive(account.Value, session.Id, now));

        cache.Remember(session, now, cache.Generation);
        Assert.True(cache.IsKnownActive(account.Value, session.Id, now));
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData(null, "unknown")]
    public void The_client_network_is_the_IPv4_address_or_the_IPv6_64(string? address, string network) =>
        Assert.Equal(network, ClientNetworks.Of(address));
}
