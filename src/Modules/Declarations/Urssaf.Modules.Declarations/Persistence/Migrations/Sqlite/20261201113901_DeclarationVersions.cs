using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Declarations.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeclarationVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DeclarationVersions",
                schema: "declarations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeclarationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    SubmittedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SocialContributionsCents = table.Column<long>(type: "INTEGER", nullable: false),
                    TrainingContributionCents = table.Column<long>(type: "INTEGER", nullable: false),
                    ChamberTaxCents = table.Column<long>(type: "INTEGER", nullable: false),
                    IncomeTaxCents = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Lines = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeclarationVersions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeclarationVersions_AccountId_Period",
                schema: "declarations",
                table: "DeclarationVersions",
                columns: new[] { "AccountId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_DeclarationVersions_DeclarationId_Version",
                schema: "declarations",
                table: "DeclarationVersions",
                columns: new[] { "DeclarationId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeclarationVersions",
                schema: "declarations");
        }
    }
}
