using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Identity.Domain;

namespace Urssaf.Modules.Identity.Persistence.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("Accounts");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Siret).HasMaxLength(14).IsUnicode(false);
        b.HasIndex(a => a.Siret).IsUnique();
        b.Property(a => a.NirLookup).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(a => a.NirLookup).IsUnique();
        b.Property(a => a.NirMasked).HasMaxLength(32);
        b.Property(a => a.Email).HasMaxLength(254);
        b.HasIndex(a => a.Email).IsUnique();
        b.Property(a => a.MobilePhone).HasMaxLength(16).IsUnicode(false);
        b.Property(a => a.FirstName).HasMaxLength(100);
        b.Property(a => a.LastName).HasMaxLength(100);
        b.Property(a => a.PasswordHash).HasMaxLength(200).IsUnicode(false);
        b.Property(a => a.SecretQuestion).HasMaxLength(200);
        b.Property(a => a.SecretAnswerHash).HasMaxLength(200).IsUnicode(false);
        b.Property(a => a.TemporaryPasswordHash).HasMaxLength(200).IsUnicode(false);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class ActivationChallengeConfiguration : IEntityTypeConfiguration<ActivationChallenge>
{
    public void Configure(EntityTypeBuilder<ActivationChallenge> b)
    {
        b.ToTable("ActivationChallenges");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.SecretHash).HasMaxLength(200).IsUnicode(false);
        b.HasIndex(c => c.SecretHash);
        b.HasIndex(c => new { c.AccountId, c.Channel });
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.ConsumedOnUtc).IsConcurrencyToken(); // a secret is consumed once, even by concurrent requests
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.ToTable("Sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.HasIndex(s => s.AccountId);
        b.Property(s => s.Method).HasMaxLength(20);
        b.Property(s => s.IpAddress).HasMaxLength(45);
        b.Property(s => s.UserAgent).HasMaxLength(300);
        b.Property(s => s.RevokedReason).HasMaxLength(50);
        b.Property(s => s.IdleTimeout).HasConversion<long>(v => v.Ticks, v => TimeSpan.FromTicks(v));
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> b)
    {
        b.ToTable("RefreshTokens");
        b.HasKey(t => t.TokenHash);
        b.Property(t => t.TokenHash).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(t => t.SessionId);
        b.Property(t => t.UsedOnUtc).IsConcurrencyToken();
    }
}

internal sealed class LoginThrottleConfiguration : IEntityTypeConfiguration<LoginThrottle>
{
    public void Configure(EntityTypeBuilder<LoginThrottle> b)
    {
        b.ToTable("LoginThrottles");
        b.HasKey(t => t.SubjectKey);
        b.Property(t => t.SubjectKey).HasMaxLength(100).IsUnicode(false);
    }
}

internal sealed class ConnectionEntryConfiguration : IEntityTypeConfiguration<ConnectionEntry>
{
    public void Configure(EntityTypeBuilder<ConnectionEntry> b)
    {
        b.ToTable("ConnectionJournal");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasIndex(e => new { e.AccountId, e.AtUtc });
        b.Property(e => e.Method).HasMaxLength(20);
        b.Property(e => e.Result).HasMaxLength(20);
        b.Property(e => e.IpAddress).HasMaxLength(45);
        b.Property(e => e.UserAgent).HasMaxLength(300);
    }
}

internal sealed class RecoveryConfiguration : IEntityTypeConfiguration<Recovery>
{
    public void Configure(EntityTypeBuilder<Recovery> b)
    {
        b.ToTable("Recoveries");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasIndex(r => r.AccountId);
        b.Property(r => r.EmailTokenHash).HasMaxLength(64).IsUnicode(false);
        b.Property(r => r.SmsCodeHash).HasMaxLength(200).IsUnicode(false);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class ContactChangeConfiguration : IEntityTypeConfiguration<ContactChange>
{
    public void Configure(EntityTypeBuilder<ContactChange> b)
    {
        b.ToTable("ContactChanges");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.HasIndex(c => new { c.AccountId, c.Kind });
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.NewValue).HasMaxLength(254);
        b.Property(c => c.OldValue).HasMaxLength(254);
        b.Property(c => c.NewSecretAnswerHash).HasMaxLength(200).IsUnicode(false);
        b.Property(c => c.OldSecretAnswerHash).HasMaxLength(200).IsUnicode(false);
        b.Property(c => c.CodeHash).HasMaxLength(200).IsUnicode(false);
        b.Property(c => c.CancelTokenHash).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(c => c.CancelTokenHash).IsUnique();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class ChannelRecoveryConfiguration : IEntityTypeConfiguration<ChannelRecovery>
{
    public void Configure(EntityTypeBuilder<ChannelRecovery> b)
    {
        b.ToTable("ChannelRecoveries");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasIndex(r => new { r.Status, r.SubmittedOnUtc });
        b.HasIndex(r => r.AccountId);
        b.Property(r => r.Lost).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.NewValue).HasMaxLength(254);
        b.Property(r => r.CodeHash).HasMaxLength(200).IsUnicode(false);
        b.Property(r => r.DecisionNote).HasMaxLength(500);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class DataExportConfiguration : IEntityTypeConfiguration<DataExport>
{
    public void Configure(EntityTypeBuilder<DataExport> b)
    {
        b.ToTable("DataExports");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasIndex(e => new { e.AccountId, e.Status });
        b.HasIndex(e => e.Status);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class OperatorCredentialConfiguration : IEntityTypeConfiguration<OperatorCredential>
{
    public void Configure(EntityTypeBuilder<OperatorCredential> b)
    {
        b.ToTable("Operators");
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.Name).HasMaxLength(100);
        b.HasIndex(o => o.Name).IsUnique();
        b.Property(o => o.Role).HasMaxLength(20).IsUnicode(false);
        b.Property(o => o.KeyHash).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(o => o.KeyHash).IsUnique();
        b.Property(o => o.Version).IsConcurrencyToken();
    }
}
