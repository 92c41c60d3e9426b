using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Declarations.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class FrequencyHistoryAndSplitLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FrequencyHistory",
                schema: "declarations",
                table: "Enterprises",
                type: "varchar(400)",
                unicode: false,
                maxLength: 400,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FrequencyHistory",
                schema: "declarations",
                table: "Enterprises");
        }
    }
}
