using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Documents.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AnnualFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DeclaredPeriods",
                schema: "documents",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    FiledOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Lines = table.Column<string>(type: "varchar(2000)", unicode: false, maxLength: 2000, nullable: false),
                    SocialContributionsCents = table.Column<long>(type: "bigint", nullable: false),
                    TrainingContributionCents = table.Column<long>(type: "bigint", nullable: false),
                    ChamberTaxCents = table.Column<long>(type: "bigint", nullable: false),
                    IncomeTaxCents = table.Column<long>(type: "bigint", nullable: false),
                    TotalCents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeclaredPeriods", x => new { x.AccountId, x.Period });
                });

            migrationBuilder.CreateTable(
                name: "PaymentReturns",
                schema: "documents",
                columns: table => new
                {
                    SourceKey = table.Column<string>(type: "varchar(120)", unicode: false, maxLength: 120, nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PaymentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentReturns", x => x.SourceKey);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentReturns_AccountId_Period",
                schema: "documents",
                table: "PaymentReturns",
                columns: new[] { "AccountId", "Period" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeclaredPeriods",
                schema: "documents");

            migrationBuilder.DropTable(
                name: "PaymentReturns",
                schema: "documents");
        }
    }
}
