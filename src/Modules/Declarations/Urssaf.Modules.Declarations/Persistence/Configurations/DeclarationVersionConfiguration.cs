using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Urssaf.Modules.Declarations.Domain;

namespace Urssaf.Modules.Declarations.Persistence.Configurations;

internal sealed class DeclarationVersionConfiguration : IEntityTypeConfiguration<DeclarationVersion>
{
    public void Configure(EntityTypeBuilder<DeclarationVersion> b)
    {
        b.ToTable("DeclarationVersions");
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).ValueGeneratedNever();
        b.HasIndex(v => new { v.DeclarationId, v.Version }).IsUnique();
        b.HasIndex(v => new { v.AccountId, v.Period });
        b.Property(v => v.Period).HasMaxLength(7).IsUnicode(false);
        b.Property(v => v.Kind).HasMaxLength(12).IsUnicode(false);
        b.OwnsMany(v => v.Lines, l =>
        {
            l.ToJson();
            l.Property(x => x.Category).HasConversion<string>();
        });
    }
}
