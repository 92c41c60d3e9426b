using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Compliance.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MajorationFromOwedAndFlatRateTaxation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LateReceipts",
                schema: "compliance",
                table: "Obligations",
                type: "TEXT",
                unicode: false,
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LateReceipts",
                schema: "compliance",
                table: "Obligations");
        }
    }
}
