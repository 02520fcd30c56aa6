"""Indicator list and page: verdict with its numbers, chart, data table, CSV."""

import csv
import io
import json
import re
from datetime import date

import pytest

from indicators.models import Indicator, IndicatorValue
from programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def oil(small_programme):
    indicator = small_programme.indicator  # 930 m³ in 2016 → 0 by 2035
    IndicatorValue.objects.create(
        indicator=indicator, date=date(2020, 12, 31), value=700, note="arvio"
    )
    return indicator


def test_list_shows_each_indicator_with_its_verdict(client, oil):
    response = client.get("/indicators/")
    assert response.status_code == 200
    assert "Lämmitysöljyn kulutus" in response.text
    assert "tavoitteen suunnassa" in response.text.lower()  # "on track", in Finnish


def test_page_states_the_numbers_behind_the_verdict(client, oil):
    response = client.get(f"/indicators/{oil.pk}/")
    assert response.status_code == 200
    verdict = response.context["indicator"].verdict
    assert verdict.kind == "on_track"
    page = response.text
    # 930 → 0 over 19 years needs −48.9 m³/yr; 930 → 465 over 6 years achieved −77.5 m³/yr.
    assert "48,9" in page and "77,5" in page  # Finnish decimal commas
    assert "465" in page


def test_page_embeds_a_plotly_figure_with_all_lines(client, oil):
    response = client.get(f"/indicators/{oil.pk}/")
    page = response.text
    start = page.index(f'id="chart-{oil.pk}-data"')
    data = json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])
    names = [trace["name"] for trace in data["data"]]
    assert len(names) == 5  # actual, baseline, target, required path, projection
    assert data["layout"]["yaxis"]["title"]["text"] == "m³"
    assert data["layout"]["xaxis"]["tickformat"] == "d"  # whole years
    assert data["layout"]["yaxis"]["tickformat"].endswith("~f")  # 500, not 500,0
    assert "<script>" not in page.replace("<script src=", "")  # no inline scripts


def test_chart_has_a_caption_summary_and_data_table(client, oil):
    page = client.get(f"/indicators/{oil.pk}/").text
    assert "<figcaption" in page
    assert 'class="chart-summary"' in page
    assert '<table class="data-table">' in page


def test_csv_download_has_every_value_and_no_personal_data(client, oil, editor):
    IndicatorValue.objects.filter(indicator=oil).update(entered_by=editor)
    response = client.get(f"/indicators/{oil.pk}/data.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # for Excel
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Mittari", "Yksikkö", "Päivämäärä", "Arvo", "Lisätieto"]
    assert [r[2:4] for r in rows[1:]] == [["2020-12-31", "700.0"], ["2022-12-31", "465.0"]]
    assert editor.username not in response.content.decode()


def test_chart_fragment_for_htmx(client, oil):
    response = client.get(f"/indicators/{oil.pk}/chart/", headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "plotly-chart" in response.text


def test_not_enough_data_is_explained(client, small_programme):
    lonely = Indicator.objects.create(name="Uusi mittari", unit="kpl")
    lonely.goals.add(small_programme.path)
    response = client.get(f"/indicators/{lonely.pk}/")
    assert response.context["indicator"].verdict.kind == "not_enough_data"


def test_indicator_of_an_unpublished_programme_is_hidden(client, oil, small_programme, outsider):
    Programme.objects.filter(pk=small_programme.programme.pk).update(is_published=False)
    assert client.get(f"/indicators/{oil.pk}/").status_code == 404
    assert client.get(f"/indicators/{oil.pk}/data.csv").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/indicators/{oil.pk}/").status_code == 200


def test_needs_login_when_not_public(client, oil, settings):
    settings.PUBLIC_DASHBOARD = False
    for url in ["/indicators/", f"/indicators/{oil.pk}/", f"/indicators/{oil.pk}/data.csv"]:
        assert client.get(url).status_code == 302


def test_unknown_programme_is_404(client, oil):
    assert client.get("/indicators/?programme=nope").status_code == 404


def test_a_long_indicator_list_is_paged_and_counts_every_verdict(
    client, small_programme, monkeypatch
):
    """400 indicators made a 392 KB page: it shows ``PAGE_SIZE`` at a time."""
    from indicators import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in (1, 2):
        extra = Indicator.objects.create(name=f"Lisämittari {n}", unit="kpl", order=n)
        extra.goals.add(small_programme.focus_area)
    first = client.get("/indicators/").text
    assert first.count('<th scope="row"><a href="/indicators/') == 2
    assert "Sivu 1/2" in first and "page=2" in first
    # The verdict counts cover all three, not only this page.
    counts = re.findall(r'<span class="badge verdict[^"]*">[^:]*: (\d+)</span>', first)
    assert sum(int(n) for n in counts) == 3
    second = client.get("/indicators/?page=2").text
    assert second.count('<th scope="row"><a href="/indicators/') == 1
    assert "Lisämittari 2" in second and "Lisämittari 2" not in first
    # Past the last page: the last page.
    assert "Lisämittari 2" in client.get("/indicators/?page=99").text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5"])
def test_a_bad_page_number_is_a_400_with_a_way_back(client, small_programme, page):
    response = client.get(f"/indicators/?page={page}")
    assert response.status_code == 400
    assert 'href="/indicators/"' in response.text
