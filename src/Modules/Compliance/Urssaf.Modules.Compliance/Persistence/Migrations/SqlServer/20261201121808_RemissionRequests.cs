using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Compliance.Persistence.Migrations.SqlServer
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
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RemissionRequests",
                schema: "compliance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AccountId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PenaltyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    RequestedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    MajorationCents = table.Column<long>(type: "bigint", nullable: false),
                    ComplementaryCents = table.Column<long>(type: "bigint", nullable: false),
                    ComplementaryRemittable = table.Column<bool>(type: "bit", nullable: false),
                    MaxRemittableCents = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "varchar(12)", unicode: false, maxLength: 12, nullable: false),
                    GrantedCents = table.Column<long>(type: "bigint", nullable: false),
                    DecidedOnUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DecisionNote = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
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
