"""Every template stays readable and CSP-safe: short lines, no inline style attributes."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", ROOT / "reminders" / "templates"]
# Email HTML needs inline styles: mail clients drop stylesheets, and no CSP applies.
EMAIL_TEMPLATES = ROOT / "reminders" / "templates"
MAX_LINE = 160
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)

TEMPLATES = sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*") if p.is_file())


def test_templates_are_found():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_line_is_over_160_characters(path):
    long_lines = [
        n for n, line in enumerate(path.read_text().splitlines(), 1) if len(line) > MAX_LINE
    ]
    assert long_lines == []


@pytest.mark.parametrize(
    "path",
    [p for p in TEMPLATES if not p.is_relative_to(EMAIL_TEMPLATES)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_inline_style_attribute(path):
    # A strict Content-Security-Policy (style-src without 'unsafe-inline') blocks them.
    styled = [
        n for n, line in enumerate(path.read_text().splitlines(), 1) if STYLE_ATTRIBUTE.search(line)
    ]
    assert styled == []
