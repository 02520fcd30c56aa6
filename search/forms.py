from django import forms
from django.utils.translation import gettext_lazy as _

from search.engine import KINDS

MAX_QUERY_CHARS = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_CHARS, required=False)
    kind = forms.ChoiceField(
        label=_("Show"), choices=[("", _("Everything")), *KINDS.items()], required=False
    )
