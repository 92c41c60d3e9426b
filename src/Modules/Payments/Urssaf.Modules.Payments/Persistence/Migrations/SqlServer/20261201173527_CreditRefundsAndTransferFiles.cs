using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Payments.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CreditRefundsAndTransferFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RestDueCents",
                schema: "payments",
                table: "PaymentPlans",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefundedCents",
                schema: "payments",
                table: "Obligations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "RefundsReturned",
                schema: "payments",
                table: "BankStatementImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RefundsSettled",
                schema: "payments",
                table: "BankStatementImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "RefundId",
                schema: "payments",
                table: "BankEntries",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CreditTransferBatches",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ExecutionDate = table.Column<DateOnly>(type: "date", nullable: false),
                    MessageId = table.Column<string>(type: "varchar(35)", unicode: false, maxLength: 35, nullable: false),
                    NumberOfTransactions = table.Column<int>(type: "int", nullable: false),
                    ControlSumCents = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: true),
                    Sealed = table.Column<bool>(type: "bit", nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    PurgedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditTransferBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Refunds",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    MandateId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    EndToEndId = table.Column<string>(type: "varchar(35)", unicode: false, maxLength: 35, nullable: false),
                    ExecutionDate = table.Column<DateOnly>(type: "date", nullable: false),
                    BatchId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RequestedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SettledOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReturnReason = table.Column<string>(type: "varchar(4)", unicode: false, maxLength: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Refunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RefundParts",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RefundId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ObligationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefundParts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RefundParts_Refunds_RefundId",
                        column: x => x.RefundId,
                        principalSchema: "payments",
                        principalTable: "Refunds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CreditTransferBatches_ExecutionDate",
                schema: "payments",
                table: "CreditTransferBatches",
                column: "ExecutionDate",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CreditTransferBatches_MessageId",
                schema: "payments",
                table: "CreditTransferBatches",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CreditTransferBatches_PurgedOnUtc",
                schema: "payments",
                table: "CreditTransferBatches",
                column: "PurgedOnUtc");

            migrationBuilder.CreateIndex(
                name: "IX_RefundParts_ObligationId",
                schema: "payments",
                table: "RefundParts",
                column: "ObligationId");

            migrationBuilder.CreateIndex(
                name: "IX_RefundParts_RefundId",
                schema: "payments",
                table: "RefundParts",
                column: "RefundId");

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_AccountId_RequestedOnUtc",
                schema: "payments",
                table: "Refunds",
                columns: new[] { "AccountId", "RequestedOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_EndToEndId",
                schema: "payments",
                table: "Refunds",
                column: "EndToEndId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_ExecutionDate_Status",
                schema: "payments",
                table: "Refunds",
                columns: new[] { "ExecutionDate", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CreditTransferBatches",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "RefundParts",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "Refunds",
                schema: "payments");

            migrationBuilder.DropColumn(
                name: "RestDueCents",
                schema: "payments",
                table: "PaymentPlans");

            migrationBuilder.DropColumn(
                name: "RefundedCents",
                schema: "payments",
                table: "Obligations");

            migrationBuilder.DropColumn(
                name: "RefundsReturned",
                schema: "payments",
                table: "BankStatementImports");

            migrationBuilder.DropColumn(
                name: "RefundsSettled",
                schema: "payments",
                table: "BankStatementImports");

            migrationBuilder.DropColumn(
                name: "RefundId",
                schema: "payments",
                table: "BankEntries");
        }
    }
}
