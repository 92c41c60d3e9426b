using System.Security.Cryptography;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

/// <summary>The steps of a recovery, one route each after the start, in this order.</summary>
internal enum RecoveryStep
{
    Email,
    Sms,
    Answer,
}

/// <summary>Why a step may not be tried now.</summary>
internal enum RecoveryRefusal
{
    None,
    /// <summary>Expired, completed, already done, or out of code tries: the same answer as a wrong secret.</summary>
    Invalid,
    OutOfOrder,
    /// <summary>Three wrong answers: the answer step is closed until <see cref="Recovery.AnswerBlockedUntilUtc"/>.</summary>
    Blocked,
}

/// <summary>
/// A password recovery (the binding flow): the e-mail link, then the SMS code, then the secret answer — in that
/// order, within 30 minutes. The answer is an extra hurdle, never a factor on its own: 3 wrong answers block it
/// for 15 minutes.
/// </summary>
internal sealed class Recovery
{
    public const int MaxCodeFailures = 5;
    public const int MaxAnswerFailures = 3;
    public const int AnswerBlockMinutes = 15;

    /// <summary>Recoveries started per account and hour that send messages; more answer the same and send nothing.</summary>
    public const int MaxPerHour = 3;

    private Recovery() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public string EmailTokenHash { get; private set; } = "";
    public string SmsCodeHash { get; private set; } = "";
    public DateTime ExpiresOnUtc { get; private set; }
    public DateTime SmsCodeExpiresOnUtc { get; private set; }
    public DateTime? EmailConfirmedOnUtc { get; private set; }
    public DateTime? SmsConfirmedOnUtc { get; private set; }
    /// <summary>Code tries used (taken before each check, by a conditional UPDATE).</summary>
    public int CodeFailures { get; private set; }
    /// <summary>Answer tries used (taken before each check, by a conditional UPDATE).</summary>
    public int AnswerFailures { get; private set; }
    public DateTime? AnswerBlockedUntilUtc { get; private set; }
    public DateTime? CompletedOnUtc { get; private set; }
    public int Version { get; private set; }

    public static Recovery Start(AccountId account, string emailTokenHash, string smsCodeHash, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, EmailTokenHash = emailTokenHash, SmsCodeHash = smsCodeHash,
        ExpiresOnUtc = now.AddMinutes(30), SmsCodeExpiresOnUtc = now.AddMinutes(10),
    };

    public bool IsOpen(DateTime now) => CompletedOnUtc is null && now <= ExpiresOnUtc;

    /// <summary>
    /// The step rules: the e-mail link, then the SMS code (5 tries within 10 minutes), then the secret answer (3 tries,
    /// then closed 15 minutes), all within 30 minutes of the start, each step once.
    /// </summary>
    public RecoveryRefusal Refusal(RecoveryStep step, DateTime now) => step switch
    {
        _ when !IsOpen(now) => RecoveryRefusal.Invalid,
        RecoveryStep.Email => EmailConfirmedOnUtc is null ? RecoveryRefusal.None : RecoveryRefusal.Invalid,
        RecoveryStep.Sms when EmailConfirmedOnUtc is null => RecoveryRefusal.OutOfOrder,
        RecoveryStep.Sms => SmsConfirmedOnUtc is null && CanTryCode(now) ? RecoveryRefusal.None : RecoveryRefusal.Invalid,
        _ when EmailConfirmedOnUtc is null || SmsConfirmedOnUtc is null => RecoveryRefusal.OutOfOrder,
        _ => AnswerBlockedUntilUtc > now ? RecoveryRefusal.Blocked : RecoveryRefusal.None,
    };

    /// <summary>The status a client reads once the step succeeded.</summary>
    public static string StatusAfter(RecoveryStep step) => step switch
    {
        RecoveryStep.Email => "email_confirmed",
        RecoveryStep.Sms => "sms_confirmed",
        _ => "temporary_password_sent",
    };

    /// <summary>Confirms the e-mail step when the link's token hash matches (constant-time comparison).</summary>
    public bool ConfirmEmail(string tokenHash, DateTime now)
    {
        if (Refusal(RecoveryStep.Email, now) != RecoveryRefusal.None
            || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(EmailTokenHash), Convert.FromHexString(tokenHash)))
            return false;
        ConfirmEmail(now);
        return true;
    }

    public void ConfirmEmail(DateTime now) => (EmailConfirmedOnUtc, Version) = (now, Version + 1);

    public bool CanTryCode(DateTime now) => CodeFailures < MaxCodeFailures && now <= SmsCodeExpiresOnUtc;

    public void ConfirmSms(DateTime now) => (SmsConfirmedOnUtc, Version) = (now, Version + 1);

    public void Complete(DateTime now) => (CompletedOnUtc, Version) = (now, Version + 1);
}
