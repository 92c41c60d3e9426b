using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Compliance.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RemissionRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "SettledOn",
                schema: "compliance",
                table: "Obligations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RemissionRequests",
                schema: "compliance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PenaltyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", unicode: false, maxLength: 7, nullable: false),
                    RequestedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    MajorationCents = table.Column<long>(type: "INTEGER", nullable: false),
                    ComplementaryCents = table.Column<long>(type: "INTEGER", nullable: false),
                    ComplementaryRemittable = table.Column<bool>(type: "INTEGER", nullable: false),
                    MaxRemittableCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    GrantedCents = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedOnUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RemissionRequests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RemissionRequests_AccountId",
                schema: "compliance",
                table: "RemissionRequests",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_RemissionRequests_PenaltyId",
                schema: "compliance",
                table: "RemissionRequests",
                column: "PenaltyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RemissionRequests_Status_RequestedOnUtc",
                schema: "compliance",
                table: "RemissionRequests",
                columns: new[] { "Status", "RequestedOnUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RemissionRequests",
                schema: "compliance");

            migrationBuilder.DropColumn(
                name: "SettledOn",
                schema: "compliance",
                table: "Obligations");
        }
    }
}
