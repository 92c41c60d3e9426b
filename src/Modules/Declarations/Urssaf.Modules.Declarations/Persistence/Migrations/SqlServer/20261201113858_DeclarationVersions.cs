using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Declarations.Persistence.Migrations.SqlServer
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeclarationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<string>(type: "varchar(12)", unicode: false, maxLength: 12, nullable: false),
                    SubmittedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SubmittedBy = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SessionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SocialContributionsCents = table.Column<long>(type: "bigint", nullable: false),
                    TrainingContributionCents = table.Column<long>(type: "bigint", nullable: false),
                    ChamberTaxCents = table.Column<long>(type: "bigint", nullable: false),
                    IncomeTaxCents = table.Column<long>(type: "bigint", nullable: false),
                    TotalCents = table.Column<long>(type: "bigint", nullable: false),
                    Lines = table.Column<string>(type: "nvarchar(max)", nullable: true)
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
