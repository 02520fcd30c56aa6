"""``manage.py rebuild_verdicts [--check]``: renew every indicator's stored verdict."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from indicators import stored_verdicts
from programmes.cache import record_change


class Command(BaseCommand):
    help = (
        "Judge every indicator's series again and store the verdicts the dashboard counts "
        "and sorts by (after a database was loaded by other means than the application). "
        "With --check, only report the indicators whose stored verdict disagrees."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; exit with an error if any stored verdict disagrees.",
        )

    def handle(self, *args, check: bool, **options) -> None:
        if check:
            found = stored_verdicts.disagreements()
            for pk, stored, computed in found:
                self.stdout.write(f"indicator {pk}: stored {stored or 'nothing'}, is {computed}")
            if found:
                raise CommandError(f"{len(found)} stored verdicts disagree with their series.")
            self.stdout.write("Every stored verdict agrees with its series.")
            return
        with transaction.atomic():
            count = stored_verdicts.rebuild()
            record_change()  # the pages that show verdicts are rendered afresh
        self.stdout.write(f"Stored the verdicts of {count} indicators.")
