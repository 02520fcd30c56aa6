"""``manage.py demo``: migrate, load the Salo demo, print the logins and serve."""

from __future__ import annotations

import argparse

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_PASSWORD, load_demo

MAX_SCALE = 50


def scale_type(value: str) -> int:
    try:
        scale = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= scale <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"the scale must be between 1 and {MAX_SCALE}")
    return scale


class Command(BaseCommand):
    help = (
        "Load a realistic demo of Salo's climate and environment programme (three programmes, "
        "85 actions, 40 indicators, demo users) and serve it. Runs only with DEBUG on."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Only load the demo; do not start a server."
        )
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help="Address and port to serve at (default 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--scale",
            type=scale_type,
            default=1,
            help=f"Load this many copies of the actions and indicators, 1–{MAX_SCALE} "
            "(for benchmarks; default 1).",
        )

    def handle(self, *args, no_serve: bool, addrport: str, scale: int, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo creates users with known passwords; it runs only with DEBUG on."
            )
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        summary = load_demo(scale=scale)

        self.stdout.write(
            f"Demo loaded: {summary.programmes} programmes; the one in force has "
            f"{summary.goals} goals, {summary.actions} actions ({summary.key_actions} key "
            f"actions) and {summary.status_updates} status updates. "
            f"{summary.indicators} indicators with {summary.indicator_values} values."
        )
        if summary.created:
            self.stdout.write(f"Created {summary.created} rows.")
        else:
            self.stdout.write("The demo was already loaded; nothing new was created.")
        self.stdout.write(self._logins(addrport))

        if not no_serve:
            # Without the reloader: it would run this whole command again in a child process.
            call_command("runserver", addrport, use_reloader=False)

    def _logins(self, addrport: str) -> str:
        rule = "-" * 72
        lines = [
            rule,
            "Log in as (every password is the same):",
            f"  admin / {DEMO_PASSWORD} — programme coordinator "
            f"(admin rights, http://{addrport}/admin/)",
            f"  editor / {DEMO_PASSWORD} — contact person for several actions",
            f"  council / {DEMO_PASSWORD} — read-only council member",
            rule,
        ]
        return self.style.SUCCESS("\n".join(lines))
