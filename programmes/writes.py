"""Many rows written as one write.

An import of values, an admin save with its inlines, an admin delete with what cascades
from it: each saves or deletes many rows, and each row's signals would renew its
indicator's stored verdict and leave its own cache marks. Inside ``one_write()`` they are
done once, at the end, in the same transaction as the rows: each indicator judged once
(``indicators.stored_verdicts.deferred``) and one mark per scope
(``programmes.cache.collected_changes``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from indicators import stored_verdicts
from programmes.cache import collected_changes


@contextmanager
def one_write() -> Iterator[None]:
    """The block's writes in one transaction, judged and marked once when it ends."""
    with transaction.atomic(), collected_changes(), stored_verdicts.deferred():
        yield
