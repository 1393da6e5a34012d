"""`manage.py demo_data`: fill the database with deterministic demo data (zorgroute.demo)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zorgroute import demo


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Geen geldige datum (JJJJ-MM-DD): {value}") from exc


def accounts_table(result: demo.DemoResult) -> str:
    headers = ("E-mailadres", "Rol", "School", "Ziet")
    rows = [(a.email, a.rol, a.school, a.ziet) for a in result.accounts]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(3)]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + (
            f"  {row[3]}"
        )

    rule = "  ".join("-" * w for w in widths) + "  " + "-" * 20
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def tweestaps_uitleg(result: demo.DemoResult) -> str:
    """How the demo accounts pass two-factor login (the same for each of them)."""
    secret = demo.DEMO_TOTP_SECRET
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    codes = ", ".join(f"{code[:5]} {code[5:]}" for code in result.reservecodes)
    return "\n".join(
        [
            "",
            "Tweestapsverificatie: na het wachtwoord vraagt Zorgroute een code. De demo-accounts "
            "hierboven hebben allemaal een authenticator-app met deze sleutel:",
            f"  {grouped}",
            "Voeg die sleutel toe in een authenticator-app (handmatig invoeren, op tijd "
            f"gebaseerd), of maak een code met: oathtool --totp -b {secret}",
            f"Of gebruik een reservecode (elk één keer per account): {codes}",
            "Andere medewerkers stellen bij de eerste keer inloggen zelf een app in.",
        ]
    )


class Command(BaseCommand):
    help = (
        "Vult de database met reproduceerbare demodata: twee schoolbesturen, VO-school "
        f"'{demo.MAIN_SLUG}' en PO-school '{demo.OTHER_SLUG}', met demo-accounts "
        f"(wachtwoord {demo.DEMO_PASSWORD})."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=42, help="Startwaarde (standaard 42).")
        parser.add_argument(
            "--leerlingen",
            type=int,
            default=300,
            help=f"Aantal leerlingen van {demo.MAIN_SCHOOL} (standaard 300).",
        )
        parser.add_argument(
            "--groepen-per-leerjaar",
            type=int,
            default=None,
            help=f"Klassen per leerjaar (standaard: leerlingen / 3 / {demo.KLASGROOTTE}).",
        )
        parser.add_argument(
            "--leerlingen-tweede-school",
            type=int,
            default=40,
            help=f"Aantal leerlingen van {demo.OTHER_SCHOOL} (standaard 40).",
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Peildatum JJJJ-MM-DD (standaard vandaag); bepaalt het huidige schooljaar.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Verwijder eerst de demo-besturen, -scholen en -accounts (de rest blijft).",
        )
        parser.add_argument("--quiet", action="store_true", help="Geen uitvoer behalve fouten.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"]
        if options["leerlingen"] < 10:
            raise CommandError("--leerlingen moet minstens 10 zijn.")
        if options["groepen_per_leerjaar"] is not None and options["groepen_per_leerjaar"] < 1:
            raise CommandError("--groepen-per-leerjaar moet minstens 1 zijn.")
        if options["reset"]:
            deleted = demo.reset_demo()
            if not quiet and deleted:
                self.stdout.write(f"Oude demodata verwijderd ({sum(deleted.values())} rijen).")
        elif demo.demo_exists():
            if not quiet:
                self.stdout.write(
                    self.style.WARNING(
                        "De demodata staat al in deze database; er is niets toegevoegd. "
                        "Gebruik --reset om opnieuw te beginnen."
                    )
                )
            return
        try:
            result = demo.generate_demo(
                seed=options["seed"],
                leerlingen=options["leerlingen"],
                groepen_per_leerjaar=options["groepen_per_leerjaar"],
                leerlingen_tweede_school=options["leerlingen_tweede_school"],
                today=options["today"],
            )
        except demo.DemoDataExists as exc:  # created concurrently by another process
            raise CommandError(str(exc)) from exc
        if quiet:
            return
        c = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata aangemaakt in {result.seconds:.1f} s (seed {result.seed}, "
                f"peildatum {result.today:%d-%m-%Y}): {result.leerlingen} leerlingen in "
                f"{demo.MAIN_SCHOOL}, {c['Leerling'] - result.leerlingen} in "
                f"{demo.OTHER_SCHOOL}; samen {c['Groep']} groepen, {c['Lesgroep']} lesgroepen, "
                f"{c['Plaatsing']} plaatsingen en {c['Gebruiker']} medewerkers."
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {result.password}):")
        self.stdout.write(accounts_table(result))
        self.stdout.write(
            f"Alle andere medewerkers (…@{demo.MAIN_SLUG}.demo) hebben hetzelfde wachtwoord."
        )
        self.stdout.write(tweestaps_uitleg(result))
