"""``{% if user|may_import %}``: whether to offer the import of indicator values."""

from django import template

from accounts.permissions import can_import_indicator_values

register = template.Library()


@register.filter
def may_import(user) -> bool:
    return can_import_indicator_values(user)
