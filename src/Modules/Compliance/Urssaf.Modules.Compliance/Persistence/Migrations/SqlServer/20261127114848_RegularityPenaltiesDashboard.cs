using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Compliance.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RegularityPenaltiesDashboard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DashboardLayouts",
                schema: "compliance",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WidgetList = table.Column<string>(type: "varchar(300)", unicode: false, maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardLayouts", x => x.AccountId);
                });

            migrationBuilder.CreateTable(
                name: "Enterprises",
                schema: "compliance",
                columns: table => new
                {
                    Siret = table.Column<string>(type: "varchar(14)", unicode: false, maxLength: 14, nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LegalName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ActivityStartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Frequency = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Enterprises", x => x.Siret);
                });

            migrationBuilder.CreateTable(
                name: "ExpectedDeclarations",
                schema: "compliance",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DeadlineUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FiledOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FiledLate = table.Column<bool>(type: "bit", nullable: false),
                    TotalCents = table.Column<long>(type: "bigint", nullable: false),
                    LatePenaltyAssessed = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpectedDeclarations", x => new { x.AccountId, x.Period });
                });

            migrationBuilder.CreateTable(
                name: "Obligations",
                schema: "compliance",
                columns: table => new
                {
                    ObligationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    SourceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    PaidCents = table.Column<long>(type: "bigint", nullable: false),
                    PendingCents = table.Column<long>(type: "bigint", nullable: false),
                    UncoveredCents = table.Column<long>(type: "bigint", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Obligations", x => x.ObligationId);
                });

            migrationBuilder.CreateTable(
                name: "Payments",
                schema: "compliance",
                columns: table => new
                {
                    PaymentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Method = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    CollectionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    UpdatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Payments", x => x.PaymentId);
                });

            migrationBuilder.CreateTable(
                name: "Penalties",
                schema: "compliance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    SourceKey = table.Column<string>(type: "varchar(80)", unicode: false, maxLength: 80, nullable: false),
                    BaseCents = table.Column<long>(type: "bigint", nullable: false),
                    Months = table.Column<int>(type: "int", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    AssessedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    LateSince = table.Column<DateOnly>(type: "date", nullable: false),
                    LegalReference = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Penalties", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Enterprises_AccountId",
                schema: "compliance",
                table: "Enterprises",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpectedDeclarations_LatePenaltyAssessed_DeadlineUtc",
                schema: "compliance",
                table: "ExpectedDeclarations",
                columns: new[] { "LatePenaltyAssessed", "DeadlineUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Obligations_AccountId",
                schema: "compliance",
                table: "Obligations",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Obligations_Kind_UncoveredCents_DueDate",
                schema: "compliance",
                table: "Obligations",
                columns: new[] { "Kind", "UncoveredCents", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_AccountId_UpdatedOnUtc",
                schema: "compliance",
                table: "Payments",
                columns: new[] { "AccountId", "UpdatedOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Penalties_AccountId",
                schema: "compliance",
                table: "Penalties",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Penalties_Kind_SourceKey",
                schema: "compliance",
                table: "Penalties",
                columns: new[] { "Kind", "SourceKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DashboardLayouts",
                schema: "compliance");

            migrationBuilder.DropTable(
                name: "Enterprises",
                schema: "compliance");

            migrationBuilder.DropTable(
                name: "ExpectedDeclarations",
                schema: "compliance");

            migrationBuilder.DropTable(
                name: "Obligations",
                schema: "compliance");

            migrationBuilder.DropTable(
                name: "Payments",
                schema: "compliance");

            migrationBuilder.DropTable(
                name: "Penalties",
                schema: "compliance");
        }
    }
}
