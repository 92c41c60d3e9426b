using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Payments.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CardPaymentsPlansRefunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ExpiresOnUtc",
                schema: "payments",
                table: "Payments",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PlanInstalmentId",
                schema: "payments",
                table: "Payments",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Automatic",
                schema: "payments",
                table: "Mandates",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "CardNotifications",
                schema: "payments",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: false),
                    PaymentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Type = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    ReceivedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardNotifications", x => x.EventId);
                });

            migrationBuilder.CreateTable(
                name: "PaymentPlans",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MandateId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    TotalCents = table.Column<long>(type: "bigint", nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DecidedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DecisionNote = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    RefusalCodes = table.Column<string>(type: "varchar(200)", unicode: false, maxLength: 200, nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlanDebts",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ObligationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    Cents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanDebts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanDebts_PaymentPlans_PlanId",
                        column: x => x.PlanId,
                        principalSchema: "payments",
                        principalTable: "PaymentPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanInstalments",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Presentations = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanInstalments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanInstalments_PaymentPlans_PlanId",
                        column: x => x.PlanId,
                        principalSchema: "payments",
                        principalTable: "PaymentPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_PlanInstalmentId",
                schema: "payments",
                table: "Payments",
                column: "PlanInstalmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Status_ExpiresOnUtc",
                schema: "payments",
                table: "Payments",
                columns: new[] { "Status", "ExpiresOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CardNotifications_PaymentId",
                schema: "payments",
                table: "CardNotifications",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentPlans_AccountId_CreatedOnUtc",
                schema: "payments",
                table: "PaymentPlans",
                columns: new[] { "AccountId", "CreatedOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentPlans_Status",
                schema: "payments",
                table: "PaymentPlans",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_PlanDebts_ObligationId",
                schema: "payments",
                table: "PlanDebts",
                column: "ObligationId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanDebts_PlanId",
                schema: "payments",
                table: "PlanDebts",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanInstalments_PlanId_Number",
                schema: "payments",
                table: "PlanInstalments",
                columns: new[] { "PlanId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CardNotifications",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "PlanDebts",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "PlanInstalments",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "PaymentPlans",
                schema: "payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_PlanInstalmentId",
                schema: "payments",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_Status_ExpiresOnUtc",
                schema: "payments",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ExpiresOnUtc",
                schema: "payments",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "PlanInstalmentId",
                schema: "payments",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "Automatic",
                schema: "payments",
                table: "Mandates");
        }
    }
}
