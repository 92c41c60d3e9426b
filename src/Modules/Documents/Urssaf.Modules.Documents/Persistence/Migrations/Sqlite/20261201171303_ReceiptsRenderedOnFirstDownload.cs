using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Documents.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReceiptsRenderedOnFirstDownload : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "StorageKey",
                schema: "documents",
                table: "Documents",
                type: "TEXT",
                unicode: false,
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldUnicode: false,
                oldMaxLength: 200);

            migrationBuilder.AlterColumn<long>(
                name: "SizeBytes",
                schema: "documents",
                table: "Documents",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<string>(
                name: "Sha256",
                schema: "documents",
                table: "Documents",
                type: "TEXT",
                unicode: false,
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldUnicode: false,
                oldMaxLength: 64);

            migrationBuilder.AddColumn<string>(
                name: "Data",
                schema: "documents",
                table: "Documents",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Data",
                schema: "documents",
                table: "Documents");

            migrationBuilder.AlterColumn<string>(
                name: "StorageKey",
                schema: "documents",
                table: "Documents",
                type: "TEXT",
                unicode: false,
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldUnicode: false,
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "SizeBytes",
                schema: "documents",
                table: "Documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Sha256",
                schema: "documents",
                table: "Documents",
                type: "TEXT",
                unicode: false,
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldUnicode: false,
                oldMaxLength: 64,
                oldNullable: true);
        }
    }
}
