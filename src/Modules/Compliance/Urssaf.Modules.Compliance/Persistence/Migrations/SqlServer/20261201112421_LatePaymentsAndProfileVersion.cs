using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Compliance.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LatePaymentsAndProfileVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PaidLateCents",
                schema: "compliance",
                table: "Obligations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "PendingLateCents",
                schema: "compliance",
                table: "Obligations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProfileUpdatedOnUtc",
                schema: "compliance",
                table: "Enterprises",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PaidLateCents",
                schema: "compliance",
                table: "Obligations");

            migrationBuilder.DropColumn(
                name: "PendingLateCents",
                schema: "compliance",
                table: "Obligations");

            migrationBuilder.DropColumn(
                name: "ProfileUpdatedOnUtc",
                schema: "compliance",
                table: "Enterprises");
        }
    }
}
