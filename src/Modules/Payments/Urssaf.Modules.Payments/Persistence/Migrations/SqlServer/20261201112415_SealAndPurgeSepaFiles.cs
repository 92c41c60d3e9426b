using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Payments.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SealAndPurgeSepaFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "Content",
                schema: "payments",
                table: "SepaBatches",
                type: "varbinary(max)",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "varbinary(max)");

            migrationBuilder.AddColumn<DateTime>(
                name: "PurgedOnUtc",
                schema: "payments",
                table: "SepaBatches",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Sealed",
                schema: "payments",
                table: "SepaBatches",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_SepaBatches_PurgedOnUtc",
                schema: "payments",
                table: "SepaBatches",
                column: "PurgedOnUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SepaBatches_PurgedOnUtc",
                schema: "payments",
                table: "SepaBatches");

            migrationBuilder.DropColumn(
                name: "PurgedOnUtc",
                schema: "payments",
                table: "SepaBatches");

            migrationBuilder.DropColumn(
                name: "Sealed",
                schema: "payments",
                table: "SepaBatches");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Content",
                schema: "payments",
                table: "SepaBatches",
                type: "varbinary(max)",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "varbinary(max)",
                oldNullable: true);
        }
    }
}
