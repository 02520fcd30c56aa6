"""``manage.py import_syke FILE --indicator ID [--dry-run]``: Syke's emissions file into a total
and its sector components, as the web import does (same rules, one transaction)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from indicators import imports, syke
from indicators.models import Indicator


class Command(BaseCommand):
    help = (
        "Import Syke's municipal emissions CSV into an area-emissions total indicator and its "
        "sector components, under the Hinku rules. Prints the preview; --dry-run writes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="Syke's CSV file (semicolons, decimal commas).")
        parser.add_argument(
            "--indicator",
            required=True,
            help="The total's identifier (e.g. M01), or its number in the database.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Preview only; write nothing.")

    def handle(self, *args, **options) -> None:
        # Messages and the history's reason in the site's language, as in the browser.
        with translation.override(settings.LANGUAGE_CODE):
            self._import(**options)

    def _import(self, *, file: Path, indicator: str, dry_run: bool, **options) -> None:
        total = self._total(indicator)
        try:
            if file.stat().st_size > imports.MAX_BYTES:
                raise CommandError(f"{file} is larger than {imports.MAX_BYTES // 2**20} MB.")
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            found = syke.read_syke(data, file.name)
        except imports.ImportFailed as failed:
            raise CommandError(self._problems(failed.problems)) from None
        read = syke.syke_values(found, total)
        plan = imports.plan_import(
            file.name,
            read.values,
            user=None,
            today=timezone.localdate(),
            problems=read.problems,
            notices=read.notices,
        )
        if plan.problems:
            raise CommandError(self._problems(plan.problems))
        for line in plan.notices:
            self.stdout.write(line)
        for item in plan.indicators:
            self.stdout.write(
                f"{item.indicator.identifier or item.indicator.pk} {item.indicator.name}: "
                f"{item.new} new, {item.changed} changed, {item.unchanged} unchanged"
            )
        if dry_run:
            self.stdout.write(f"Dry run: {plan.new} new and {plan.changed} changed, none written.")
            return
        imports.write_plan(plan, user=None)
        self.stdout.write(
            self.style.SUCCESS(f"Imported {plan.new} new and {plan.changed} changed values.")
        )

    def _total(self, key: str) -> Indicator:
        matches = list(Indicator.objects.filter(identifier=key))
        if not matches and key.isdigit():
            matches = list(Indicator.objects.filter(pk=int(key)))
        if len(matches) != 1:
            raise CommandError(
                f"No single indicator has the identifier {key!r}."
                if not matches
                else f"Several indicators have the identifier {key!r}."
            )
        if not matches[0].components.exists():
            raise CommandError(f"{matches[0].name} has no sector components to import into.")
        return matches[0]

    def _problems(self, problems) -> str:
        return "The file was not imported:\n" + "\n".join(f"  {problem}" for problem in problems)
