using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Identity.Domain;

namespace Urssaf.Modules.Identity.Persistence.Configurations;

internal sealed class FranceConnectTransactionConfiguration : IEntityTypeConfiguration<FranceConnectTransaction>
{
    public void Configure(EntityTypeBuilder<FranceConnectTransaction> b)
    {
        b.ToTable("FranceConnectTransactions");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.StateHash).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(t => t.StateHash).IsUnique();
        b.Property(t => t.BrowserBindingHash).HasMaxLength(64).IsUnicode(false);
        b.Property(t => t.Nonce).HasMaxLength(64).IsUnicode(false);
        b.Property(t => t.CodeVerifier).HasMaxLength(64).IsUnicode(false);
        b.Property(t => t.RedirectUri).HasMaxLength(500);
        b.Property(t => t.ConsumedOnUtc).IsConcurrencyToken(); // a state is used once, even by two parallel callbacks
    }
}

internal sealed class FranceConnectLinkConfiguration : IEntityTypeConfiguration<FranceConnectLink>
{
    public void Configure(EntityTypeBuilder<FranceConnectLink> b)
    {
        b.ToTable("FranceConnectLinks");
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.Issuer).HasMaxLength(300);
        b.Property(l => l.Subject).HasMaxLength(200);
        b.HasIndex(l => new { l.Issuer, l.Subject }).IsUnique();
        b.HasIndex(l => l.AccountId).IsUnique(); // one FranceConnect identity per account
        b.Property(l => l.LinkedBy).HasMaxLength(30);
    }
}

internal sealed class FranceConnectGrantConfiguration : IEntityTypeConfiguration<FranceConnectGrant>
{
    public void Configure(EntityTypeBuilder<FranceConnectGrant> b)
    {
        b.ToTable("FranceConnectGrants");
        b.HasKey(g => g.CodeHash);
        b.Property(g => g.CodeHash).HasMaxLength(64).IsUnicode(false);
        b.Property(g => g.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(g => g.Issuer).HasMaxLength(300);
        b.Property(g => g.Subject).HasMaxLength(200);
        b.Property(g => g.IdToken).HasMaxLength(8000).IsUnicode(false);
        b.Property(g => g.UsedOnUtc).IsConcurrencyToken();
    }
}

internal sealed class PasskeyConfiguration : IEntityTypeConfiguration<Passkey>
{
    public void Configure(EntityTypeBuilder<Passkey> b)
    {
        b.ToTable("Passkeys");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.CredentialId).HasMaxLength(1023);
        b.HasIndex(p => p.CredentialId).IsUnique();
        b.HasIndex(p => p.AccountId);
        b.Property(p => p.PublicKey).HasMaxLength(2048);
        b.Property(p => p.UserHandle).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(Passkey.MaxNameLength);
        b.Property(p => p.Version).IsConcurrencyToken(); // two logins with one counter value: only one moves it
    }
}

internal sealed class PasskeyCeremonyConfiguration : IEntityTypeConfiguration<PasskeyCeremony>
{
    public void Configure(EntityTypeBuilder<PasskeyCeremony> b)
    {
        b.ToTable("PasskeyCeremonies");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.OptionsJson).HasMaxLength(8000);
        b.Property(c => c.UsedOnUtc).IsConcurrencyToken(); // a challenge is answered once
    }
}
