"""Fixtures' rows written as an import writes them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from indicators import stored_verdicts
from programmes.cache import collected_changes


@contextmanager
def as_one_write() -> Iterator[None]:
    """Within the block, the dashboard cache is marked once per scope and each indicator
    judged once, at the end, as for an import or an admin save (``collected_changes``,
    ``stored_verdicts.deferred``): a third of a fixture's queries went on them. What the
    fixture leaves is the same. Use it inside the test's transaction."""
    with collected_changes(), stored_verdicts.deferred():
        yield
