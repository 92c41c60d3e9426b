using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Identity.Domain;

namespace Urssaf.Modules.Identity.Persistence.Configurations;

internal sealed class ThirdPartyConfiguration : IEntityTypeConfiguration<ThirdParty>
{
    public void Configure(EntityTypeBuilder<ThirdParty> b)
    {
        b.ToTable("ThirdParties");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Siren).HasMaxLength(9).IsUnicode(false);
        b.HasIndex(t => t.Siren).IsUnique();
        b.Property(t => t.ClientId).HasMaxLength(100).IsUnicode(false);
        b.HasIndex(t => t.ClientId).IsUnique();
        b.Property(t => t.AllowedScopes).HasMaxLength(300).IsUnicode(false);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Ignore(t => t.Scopes);
    }
}

internal sealed class DelegationConfiguration : IEntityTypeConfiguration<Delegation>
{
    public void Configure(EntityTypeBuilder<Delegation> b)
    {
        b.ToTable("Delegations");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.Siret).HasMaxLength(14).IsUnicode(false);
        b.Property(d => d.Scopes).HasMaxLength(300).IsUnicode(false);
        b.HasIndex(d => new { d.Siret, d.ThirdPartyId });
        b.HasIndex(d => d.AccountId);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.Ignore(d => d.ScopeList);
    }
}

internal sealed class DelegationActivityConfiguration : IEntityTypeConfiguration<DelegationActivity>
{
    public void Configure(EntityTypeBuilder<DelegationActivity> b)
    {
        b.ToTable("DelegationActivities");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedOnAdd();
        b.Property(a => a.Operation).HasMaxLength(200);
        b.Property(a => a.Resource).HasMaxLength(300);
        b.HasIndex(a => new { a.DelegationId, a.AtUtc });
    }
}
