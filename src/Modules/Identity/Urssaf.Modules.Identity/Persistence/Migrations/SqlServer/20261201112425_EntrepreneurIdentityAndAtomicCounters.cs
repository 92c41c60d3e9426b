using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Identity.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class EntrepreneurIdentityAndAtomicCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "EntrepreneurBirthDate",
                schema: "identity",
                table: "Formalities",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurBirthName",
                schema: "identity",
                table: "Formalities",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurFirstNames",
                schema: "identity",
                table: "Formalities",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurNirLookup",
                schema: "identity",
                table: "Formalities",
                type: "varchar(64)",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurNirMasked",
                schema: "identity",
                table: "Formalities",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurUsageName",
                schema: "identity",
                table: "Formalities",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EntrepreneurBirthDate",
                schema: "identity",
                table: "Formalities");

            migrationBuilder.DropColumn(
                name: "EntrepreneurBirthName",
                schema: "identity",
                table: "Formalities");

            migrationBuilder.DropColumn(
                name: "EntrepreneurFirstNames",
                schema: "identity",
                table: "Formalities");

            migrationBuilder.DropColumn(
                name: "EntrepreneurNirLookup",
                schema: "identity",
                table: "Formalities");

            migrationBuilder.DropColumn(
                name: "EntrepreneurNirMasked",
                schema: "identity",
                table: "Formalities");

            migrationBuilder.DropColumn(
                name: "EntrepreneurUsageName",
                schema: "identity",
                table: "Formalities");
        }
    }
}
