using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Notifications.Features.DeliverMessages;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The claim statements of ADR 120: one statement each, re-checking the lease as it writes it.</summary>
public sealed class LeaseClaimTests
{
    [Fact]
    public void The_dispatcher_s_SQL_Server_claim_skips_rows_other_hosts_hold_and_parses()
    {
        Assert.Contains("UPDLOCK, READPAST", MessageDispatcher.SqlServerClaim);
        Assert.Contains("OUTPUT inserted.[Id]", MessageDispatcher.SqlServerClaim);
        Assert.Empty(SqlServerScript.Parse(MessageDispatcher.SqlServerClaim));
    }

    [Fact]
    public void The_SQLite_claims_re_check_the_lease_in_the_statement_that_writes_it()
    {
        var inbox = ModuleMessaging<DeclarationsDbContext>.SqliteClaim("InboxMessages");
        Assert.StartsWith("UPDATE", inbox.TrimStart());
        Assert.Contains("RETURNING", inbox);
        // the outer WHERE repeats the lease condition: a row claimed since the sub-select is not taken again
        Assert.Equal(2, inbox.Split("(\"LockedUntilUtc\" IS NULL OR \"LockedUntilUtc\" < @now)").Length - 1);
        Assert.Equal(2, MessageDispatcher.SqliteClaim.Split("\"Status\" = 'Pending' AND \"NextAttemptOnUtc\" <= @now").Length - 1);
    }

    [Fact]
    public void A_lease_token_is_unique_per_claim_and_never_earlier_than_asked()
    {
        var end = new DateTime(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc);
        var tokens = Enumerable.Range(0, 200).Select(_ => Leases.Token(end)).ToList();
        Assert.All(tokens, t => Assert.InRange(t, end.AddTicks(1), end.AddMilliseconds(1)));
        Assert.True(tokens.Distinct().Count() > 190);
    }
}
