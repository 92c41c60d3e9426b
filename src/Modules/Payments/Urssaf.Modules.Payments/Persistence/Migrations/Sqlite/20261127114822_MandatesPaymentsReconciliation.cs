using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Payments.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MandatesPaymentsReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PendingCents",
                schema: "payments",
                table: "Obligations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                schema: "payments",
                table: "Obligations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "BankEntries",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ImportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Credit = table.Column<bool>(type: "INTEGER", nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    BookedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndToEndId = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    Remittance = table.Column<string>(type: "TEXT", maxLength: 140, nullable: true),
                    ReturnReason = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BankEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BankStatementImports",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    ImportedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Entries = table.Column<int>(type: "INTEGER", nullable: false),
                    Collected = table.Column<int>(type: "INTEGER", nullable: false),
                    Returned = table.Column<int>(type: "INTEGER", nullable: false),
                    Transfers = table.Column<int>(type: "INTEGER", nullable: false),
                    Unmatched = table.Column<int>(type: "INTEGER", nullable: false),
                    AlreadyApplied = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BankStatementImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Mandates",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rum = table.Column<string>(type: "TEXT", unicode: false, maxLength: 35, nullable: false),
                    IbanCipher = table.Column<byte[]>(type: "BLOB", maxLength: 128, nullable: false),
                    MaskedIban = table.Column<string>(type: "TEXT", unicode: false, maxLength: 34, nullable: false),
                    Bic = table.Column<string>(type: "TEXT", unicode: false, maxLength: 11, nullable: true),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 70, nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    HasBeenCollected = table.Column<bool>(type: "INTEGER", nullable: false),
                    RevocationReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CreatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mandates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Payments",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ObligationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    CollectionDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReturnReason = table.Column<string>(type: "TEXT", unicode: false, maxLength: 4, nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Payments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SepaBatches",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CollectionDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 35, nullable: false),
                    NumberOfTransactions = table.Column<int>(type: "INTEGER", nullable: false),
                    ControlSumCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SepaBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Collections",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MandateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    CollectionDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndToEndId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 35, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SequenceType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 4, nullable: true),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReturnReason = table.Column<string>(type: "TEXT", unicode: false, maxLength: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Collections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Collections_Payments_PaymentId",
                        column: x => x.PaymentId,
                        principalSchema: "payments",
                        principalTable: "Payments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BankEntries_Key",
                schema: "payments",
                table: "BankEntries",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BankEntries_Outcome",
                schema: "payments",
                table: "BankEntries",
                column: "Outcome");

            migrationBuilder.CreateIndex(
                name: "IX_BankStatementImports_Sha256",
                schema: "payments",
                table: "BankStatementImports",
                column: "Sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Collections_CollectionDate_Status",
                schema: "payments",
                table: "Collections",
                columns: new[] { "CollectionDate", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Collections_EndToEndId",
                schema: "payments",
                table: "Collections",
                column: "EndToEndId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Collections_MandateId",
                schema: "payments",
                table: "Collections",
                column: "MandateId");

            migrationBuilder.CreateIndex(
                name: "IX_Collections_PaymentId",
                schema: "payments",
                table: "Collections",
                column: "PaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_Mandates_AccountId",
                schema: "payments",
                table: "Mandates",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Mandates_Rum",
                schema: "payments",
                table: "Mandates",
                column: "Rum",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_AccountId_CreatedOnUtc",
                schema: "payments",
                table: "Payments",
                columns: new[] { "AccountId", "CreatedOnUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_ObligationId",
                schema: "payments",
                table: "Payments",
                column: "ObligationId");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Reference",
                schema: "payments",
                table: "Payments",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SepaBatches_CollectionDate",
                schema: "payments",
                table: "SepaBatches",
                column: "CollectionDate",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SepaBatches_MessageId",
                schema: "payments",
                table: "SepaBatches",
                column: "MessageId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BankEntries",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "BankStatementImports",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "Collections",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "Mandates",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "SepaBatches",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "Payments",
                schema: "payments");

            migrationBuilder.DropColumn(
                name: "PendingCents",
                schema: "payments",
                table: "Obligations");

            migrationBuilder.DropColumn(
                name: "Revision",
                schema: "payments",
                table: "Obligations");
        }
    }
}
