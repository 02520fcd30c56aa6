"""Limit and offset pages, each carrying the licence the data is published under."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class Licence(Schema):
    name: str
    url: str


class OpenDataPagination(LimitOffsetPagination):
    """ninja's limit/offset pages, with a bounded limit and the licence in every page."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0)

    class Output(Schema):
        count: int
        license: Licence = Field(description="The licence of the data: reuse with attribution.")
        items: list[Any]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params) -> dict:
        return {
            **super().paginate_queryset(queryset, pagination, request, **params),
            "license": LICENCE,
        }
