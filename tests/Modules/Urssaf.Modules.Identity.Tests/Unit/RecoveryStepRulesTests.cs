using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Tests.Unit;

/// <summary>The recovery's step rules, held by the entity: order, once each, time limits and the answer block.</summary>
public sealed class RecoveryStepRulesTests
{
    private static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private const string Token = "the-link-token";

    private static Recovery NewRecovery() => Recovery.Start(new AccountId(Guid.CreateVersion7()), Secrets.HashToken(Token), "code-hash", Start);

    [Fact]
    public void A_new_recovery_accepts_only_the_email_step()
    {
        var recovery = NewRecovery();
        Assert.Equal(RecoveryRefusal.None, recovery.Refusal(RecoveryStep.Email, Start));
        Assert.Equal(RecoveryRefusal.OutOfOrder, recovery.Refusal(RecoveryStep.Sms, Start));
        Assert.Equal(RecoveryRefusal.OutOfOrder, recovery.Refusal(RecoveryStep.Answer, Start));
    }

    [Fact]
    public void The_email_step_needs_the_link_s_token_and_counts_once()
    {
        var recovery = NewRecovery();
        Assert.False(recovery.ConfirmEmail(Secrets.HashToken("another-token"), Start));
        Assert.Null(recovery.EmailConfirmedOnUtc);
        Assert.True(recovery.ConfirmEmail(Secrets.HashToken(Token), Start.AddMinutes(1)));
        Assert.Equal(RecoveryRefusal.Invalid, recovery.Refusal(RecoveryStep.Email, Start.AddMinutes(2)));
        Assert.False(recovery.ConfirmEmail(Secrets.HashToken(Token), Start.AddMinutes(2)));
        Assert.Equal(RecoveryRefusal.None, recovery.Refusal(RecoveryStep.Sms, Start.AddMinutes(2)));
        Assert.Equal(RecoveryRefusal.OutOfOrder, recovery.Refusal(RecoveryStep.Answer, Start.AddMinutes(2)));
    }

    [Fact]
    public void The_sms_code_expires_after_ten_minutes_and_the_recovery_after_thirty()
    {
        var recovery = NewRecovery();
        recovery.ConfirmEmail(Secrets.HashToken(Token), Start.AddMinutes(1));
        Assert.Equal(RecoveryRefusal.None, recovery.Refusal(RecoveryStep.Sms, Start.AddMinutes(10)));
        Assert.Equal(RecoveryRefusal.Invalid, recovery.Refusal(RecoveryStep.Sms, Start.AddMinutes(10).AddSeconds(1)));
        Assert.Equal(RecoveryRefusal.Invalid, recovery.Refusal(RecoveryStep.Email, Start.AddMinutes(31)));
        Assert.False(recovery.IsOpen(Start.AddMinutes(31)));
    }

    [Fact]
    public void After_the_sms_the_answer_is_open_until_completed()
    {
        var recovery = NewRecovery();
        recovery.ConfirmEmail(Secrets.HashToken(Token), Start.AddMinutes(1));
        recovery.ConfirmSms(Start.AddMinutes(2));
        Assert.Equal(RecoveryRefusal.Invalid, recovery.Refusal(RecoveryStep.Sms, Start.AddMinutes(3)));
        Assert.Equal(RecoveryRefusal.None, recovery.Refusal(RecoveryStep.Answer, Start.AddMinutes(3)));
        recovery.Complete(Start.AddMinutes(4));
        Assert.Equal(RecoveryRefusal.Invalid, recovery.Refusal(RecoveryStep.Answer, Start.AddMinutes(5)));
    }

    [Fact]
    public void Each_step_has_its_status()
    {
        Assert.Equal("email_confirmed", Recovery.StatusAfter(RecoveryStep.Email));
        Assert.Equal("sms_confirmed", Recovery.StatusAfter(RecoveryStep.Sms));
        Assert.Equal("temporary_password_sent", Recovery.StatusAfter(RecoveryStep.Answer));
    }
}
