using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Declarations.Domain;

namespace Urssaf.Modules.Declarations.Persistence.Configurations;

internal sealed class DeclarationConfiguration : IEntityTypeConfiguration<Declaration>
{
    public void Configure(EntityTypeBuilder<Declaration> b)
    {
        b.ToTable("Declarations");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedNever();
        b.HasIndex(d => new { d.AccountId, d.Period }).IsUnique();
        b.Property(d => d.Siret).HasMaxLength(14).IsUnicode(false);
        b.Property(d => d.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.Ignore(d => d.ETag);
        b.OwnsMany(d => d.Lines, l =>
        {
            l.ToJson();
            l.Property(x => x.Category).HasConversion<string>();
        });
    }
}
