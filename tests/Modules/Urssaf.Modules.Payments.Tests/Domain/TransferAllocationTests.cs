using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Sepa;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Payments.Tests.Domain;

public sealed class TransferAllocationTests
{
    private static readonly DateTime Now = new(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc);
    private static readonly AccountId Account = AccountId.New();

    private static Obligation Declaration(string period, long cents, string due) =>
        Obligation.ForDeclaration(Account, Guid.NewGuid(), period, cents, DateOnly.Parse(due), 1, Now);

    [Fact]
    public void A_transfer_pays_its_own_obligation_then_the_earliest_others_and_leaves_the_rest_as_a_credit_on_its_own()
    {
        var own = Declaration("2026-Q1", 100_00, "2026-04-30");
        var later = Declaration("2026-Q2", 50_00, "2026-07-31");
        var earlier = Obligation.ForPenalty(Account, Guid.NewGuid(), "2025-Q4", 30_00, new DateOnly(2026, 2, 1), 1, Now);

        var parts = TransferAllocation.Apply(own, [later, earlier], 200_00, Now);

        Assert.Equal([(own.Id, 120_00L), (earlier.Id, 30_00L), (later.Id, 50_00L)], parts.Select(p => (p.Obligation.Id, p.Cents)).ToList());
        Assert.Equal((20_00L, 0L, 0L), (own.CreditCents, earlier.OutstandingCents, later.OutstandingCents));
    }

    [Fact]
    public void A_refund_takes_only_credit_and_its_return_gives_it_back()
    {
        var own = Declaration("2026-Q1", 100_00, "2026-04-30");
        TransferAllocation.Apply(own, [], 130_00, Now);
        Assert.Throws<InvalidOperationException>(() => own.PayOut(30_01, Now));
        own.PayOut(30_00, Now);
        Assert.Equal((0L, 100_00L, 30_00L, true), (own.CreditCents, own.PaidCents, own.RefundedCents, own.IsSettled));
        own.TakeBackPayout(30_00, Now);
        Assert.Equal((30_00L, 0L), (own.CreditCents, own.RefundedCents));
    }

    [Fact]
    public void A_statement_and_a_notification_with_the_same_entries_read_the_same()
    {
        var entry = new Camt054.Entry("REF-1", false, 12_345, EndToEndId: "RFD0001", ReturnReason: null);
        var (_, fromStatement) = CamtReader.Read(Camt054.Statement("S-1", entry));
        var (_, fromNotification) = CamtReader.Read(Camt054.Build("N-7", entry)); // the intraday notification has its own id

        Assert.Empty(Iso20022.Validate(Camt054.Statement("S-1", entry), CamtReader.SchemaOf(Camt054.Statement("S-1", entry))));
        Assert.Equal(fromNotification, fromStatement);
        var tx = Assert.Single(fromStatement);
        Assert.Equal((false, 12_345L, "RFD0001", new DateOnly(2026, 5, 5)), (tx.Credit, tx.AmountCents, tx.EndToEndId, tx.BookedOn));
    }
}
