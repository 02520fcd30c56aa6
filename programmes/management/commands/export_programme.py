"""``manage.py export_programme SLUG [-o FILE]``: a programme's backup as JSON."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programmes.backup import export_programme
from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Write a programme, with its goals, actions, status updates, indicators, values and "
        "reports, as one JSON document (to standard output, or to FILE with -o)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The programme's short name in addresses.")
        parser.add_argument("-o", "--output", type=Path, help="The file to write.")

    def handle(self, *args, slug: str, output: Path | None, **options) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No programme {slug!r}. Programmes: {known or 'none'}.")
        text = export_programme(programme)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.stderr.write(f"Wrote {programme.slug} to {output} ({len(text.encode()):,} bytes).")
