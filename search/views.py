from django.shortcuts import render
from django.views.decorators.http import require_GET

from programmes.access import dashboard_view
from salo_climate.htmx import HtmxHttpRequest
from search import engine
from search.engine import words_of
from search.forms import SearchForm


@require_GET
@dashboard_view
def search(request: HtmxHttpRequest):
    """Actions, indicators, goals, units and contact persons matching the query."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "search/search.html", {"form": form, "groups": []}, status=400)
    query = form.cleaned_data["q"]
    words = words_of(query)
    kind = form.cleaned_data["kind"] or None
    groups = engine.search(request.user, words, kind=kind)
    context = {
        "form": form,
        "query": query,
        "words": words[: engine.MAX_WORDS],
        "too_many_words": len(words) > engine.MAX_WORDS,
        "kind": kind,
        "groups": groups,
        "total": sum(group.count for group in groups),
    }
    return render(request, "search/search.html", context)
