using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Compliance.Persistence.Migrations.Sqlite
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
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WidgetList = table.Column<string>(type: "TEXT", unicode: false, maxLength: 300, nullable: false)
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
                    Siret = table.Column<string>(type: "TEXT", unicode: false, maxLength: 14, nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LegalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActivityStartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
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
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DeadlineUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FiledOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FiledLate = table.Column<bool>(type: "INTEGER", nullable: false),
                    TotalCents = table.Column<long>(type: "INTEGER", nullable: false),
                    LatePenaltyAssessed = table.Column<bool>(type: "INTEGER", nullable: false)
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
                    ObligationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PendingCents = table.Column<long>(type: "INTEGER", nullable: false),
                    UncoveredCents = table.Column<long>(type: "INTEGER", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
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
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    CollectionDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UpdatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 80, nullable: false),
                    BaseCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Months = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    AssessedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LateSince = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LegalReference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
