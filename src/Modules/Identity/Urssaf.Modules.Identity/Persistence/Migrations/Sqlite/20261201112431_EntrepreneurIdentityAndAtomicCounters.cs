using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Urssaf.Modules.Identity.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurBirthName",
                schema: "identity",
                table: "Formalities",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurFirstNames",
                schema: "identity",
                table: "Formalities",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurNirLookup",
                schema: "identity",
                table: "Formalities",
                type: "TEXT",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurNirMasked",
                schema: "identity",
                table: "Formalities",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntrepreneurUsageName",
                schema: "identity",
                table: "Formalities",
                type: "TEXT",
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
