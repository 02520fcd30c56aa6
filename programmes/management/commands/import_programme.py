"""``manage.py import_programme FILE``: a programme backup into this database."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programmes.backup import BackupError, import_programme


class Command(BaseCommand):
    help = (
        "Import a programme backup written by export_programme, in one transaction: all of "
        "it or nothing. Keeps the ids, so the target must not use them for other rows."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The backup (JSON); - reads standard input.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the whole import and roll it back: nothing is written.",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        try:
            data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            summary = import_programme(data, dry_run=dry_run)
        except BackupError as error:
            raise CommandError(str(error)) from error
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} {summary.programme_name} ({summary.slug}):")
        for name, count in summary.counts:
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(
            f"  people created (inactive, no password): {len(summary.users_created)}, "
            f"existing people reused: {len(summary.users_reused)}, "
            f"identical rows reused: {summary.rows_reused}"
        )
