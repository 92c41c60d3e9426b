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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CardNotifications",
                schema: "payments");

            migrationBuilder.DropIndex(
                name: "IX_Payments_Status_ExpiresOnUtc",
                schema: "payments",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ExpiresOnUtc",
                schema: "payments",
                table: "Payments");
        }
    }
}
