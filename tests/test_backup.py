"""The programme backup (``programmes.backup``): a lossless round trip, refused documents
that write nothing, the two commands and the admin's download and import pages."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accounts.roles import COORDINATOR
from demo.loader import CURRENT_SLUG, load_demo
from indicators import stored_verdicts
from indicators.models import Indicator, StoredVerdict
from programmes import backup
from programmes.backup import BackupError, export_programme, import_programme
from programmes.ladder import Ladder
from programmes.models import Action, ActionStatusUpdate, DataChange, Programme, ResponsibleUnit
from programmes.writes import one_write
from reports.models import CouncilReport

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def in_english():
    """Messages are checked in English here; the admin's pages answer in Finnish."""
    with translation.override("en"):
        yield


def without_timestamp(text: str) -> dict:
    document = json.loads(text)
    del document["exported_at"]
    return document


def empty_the_database() -> None:
    """Delete every row a backup could hold, and every person: an empty target. (As the
    admin deletes: one cache mark at the end, not one worked out for each row.)"""
    with one_write():
        for model in reversed(backup.document_models()):
            while model._base_manager.exists():  # a unit's parent goes after its children
                leaves = model._base_manager.all()
                if model is ResponsibleUnit:
                    leaves = leaves.filter(children__isnull=True)
                leaves.delete()
        get_user_model().objects.all().delete()
    for model in backup.document_models():
        assert not model._base_manager.exists(), model


def database_dump() -> str:
    """Every row of every table, as text; but sessions and login records, which a request
    through the admin touches whatever it does."""
    rows = []
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "axes"}:
            continue
        rows.extend(model._base_manager.order_by("pk"))
    return serializers.serialize("json", rows)


def rollups(programme: Programme) -> dict:
    """Every rung's action progress and indicator outcomes, and the whole programme's."""
    ladder = Ladder.load(programme, with_indicators=True)
    figures = {"overall": ladder.overall}
    for pk, rung in ladder.rungs.items():
        figures[pk] = (rung.rollup, rung.outcomes)
    return figures


# --- the round trip --------------------------------------------------------------------


def test_the_demo_survives_a_round_trip_through_an_empty_database(client, django_user_model):
    load_demo(today=TODAY)
    programme = Programme.objects.get(slug=CURRENT_SLUG)
    CouncilReport.objects.create(
        programme=programme,
        date=date(2025, 6, 9),
        body="Kaupunginvaltuusto",
        title="Seurantaraportti 2024",
        notes="Käsitelty ilman muutoksia.",
    )
    action = Action.objects.filter(programme=programme).order_by("pk").first()
    author = ActionStatusUpdate.objects.filter(action__programme=programme).first().author
    action.record_update(
        author=author, status=action.status, completion_percent=50, internal_note="Vain meille."
    )
    before = rollups(programme)
    assert stored_verdicts.disagreements() == []  # the demo's bulk inserts judged them
    judged = dict(StoredVerdict.objects.values_list("indicator_id", "code"))
    action_pk, programme_pk = action.pk, programme.pk
    first = export_programme(programme)
    hashes = list(django_user_model.objects.values_list("password", flat=True))

    empty_the_database()
    summary = import_programme(first)
    second = export_programme(Programme.objects.get(slug=CURRENT_SLUG))

    assert without_timestamp(second) == without_timestamp(first)
    document = json.loads(first)
    assert document["counts"]["reports.councilreport"] == 1
    assert document["counts"]["programmes.actionstatusupdate"] > 300
    assert "Vain meille." in first and "Käsitelty ilman muutoksia." in first
    assert hashes and not any(hashed in first for hashed in hashes)
    assert all(
        set(user) == {"username", "first_name", "last_name", "email"} for user in document["users"]
    )
    assert summary.programme_pk == programme_pk  # ids kept: addresses survive
    assert Action.objects.filter(pk=action_pk).exists()

    people = django_user_model.objects.all()
    assert people.count() == len(document["users"]) > 0
    assert not any(person.is_active or person.has_usable_password() for person in people)
    restored = Programme.objects.get(slug=CURRENT_SLUG)
    assert rollups(restored) == before
    # The stored verdicts are left out of the document; the import judged the series again.
    assert "storedverdict" not in first
    restored_verdicts = dict(StoredVerdict.objects.values_list("indicator_id", "code"))
    assert restored_verdicts and restored_verdicts.items() <= judged.items()
    assert len(restored_verdicts) == Indicator.objects.count()
    assert stored_verdicts.disagreements() == []

    client.force_login(django_user_model.objects.create_user("lukija"))
    for url in (
        reverse("overview") + f"?programme={CURRENT_SLUG}",
        reverse("ladder") + f"?programme={CURRENT_SLUG}",
        reverse("action_detail", args=[action_pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_a_second_programme_of_the_same_database_reuses_the_shared_rows(small_programme):
    second = Programme.objects.create(
        name="Seuraava",
        slug="seuraava",
        strategy=small_programme.programme.strategy,
        start_year=2026,
        end_year=2030,
    )
    documents = [export_programme(p) for p in (small_programme.programme, second)]
    empty_the_database()
    import_programme(documents[0])
    summary = import_programme(documents[1])
    assert summary.rows_reused == 2  # the strategy and its goal
    assert Programme.objects.count() == 2


def test_a_backup_holds_every_model_that_belongs_to_a_programme():
    """A new model linked to the programme's rows must be backed up, or left out on purpose."""
    held = set(backup.document_models())
    # Derived from the backed-up rows and rebuilt by a restore: the stored verdicts.
    left_out = {
        "accounts.profile",
        "reminders.reminder",
        "programmes.datachange",
        "indicators.storedverdict",
    }
    for model in apps.get_models():
        if model in held or model._meta.label_lower in left_out:
            continue
        if model.__name__.startswith("Historical") or model._meta.auto_created:
            continue
        linked = [
            f.name
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model in held
        ]
        assert not linked, f"{model._meta.label} links to {linked}: back it up or leave it out"


# --- refused documents --------------------------------------------------------------


@pytest.fixture
def document(small_programme) -> dict:
    """The small programme's backup, with the database emptied as for an import."""
    CouncilReport.objects.create(
        programme=small_programme.programme, date=date(2025, 6, 9), body="Valtuusto", title="R"
    )
    text = export_programme(small_programme.programme)
    empty_the_database()
    return json.loads(text)


def rows_of(document: dict, model: str) -> list[dict]:
    return [entry for entry in document["objects"] if entry["model"] == model]


def _not_json(d):
    return "{not json"


def _a_list(d):
    return "[]"


def _other_format(d):
    d["format"] = "something-else"


def _version_2(d):
    d["version"] = 2


def _version_as_text(d):
    d["version"] = "1"


def _no_objects(d):
    del d["objects"]


def _no_migrations(d):
    del d["migrations"]


def _newer_migration(d):
    d["migrations"]["programmes"] = "9999_from_the_future"


def _unknown_app(d):
    d["migrations"]["rockets"] = "0001_initial"


def _superuser_row(d):
    d["objects"].append(
        {"model": "auth.user", "pk": 99, "fields": {"username": "x", "is_superuser": True}}
    )


def _row_without_fields(d):
    del d["objects"][0]["fields"]


def _text_id(d):
    d["objects"][0]["pk"] = "1"


def _two_programmes(d):
    [programme] = rows_of(d, "programmes.programme")
    d["objects"].append({**programme, "pk": programme["pk"] + 1})


def _header_names_another_programme(d):
    d["programme"] = "muu"


def _link_outside_the_document(d):
    rows_of(d, "programmes.action")[0]["fields"]["goal"] = 9999


def _unknown_author(d):
    rows_of(d, "programmes.action")[0]["fields"]["contact_persons"] = [["kukaan"]]


def _unknown_field(d):
    rows_of(d, "programmes.action")[0]["fields"]["rocket"] = 1


def _bad_status(d):
    rows_of(d, "programmes.action")[0]["fields"]["status"] = "nonsense"


def _bad_date(d):
    rows_of(d, "indicators.indicatorvalue")[0]["fields"]["date"] = "31.12.2022"


def _completion_over_100(d):
    rows_of(d, "programmes.action")[0]["fields"]["completion_percent"] = 150


def _malformed_person(d):
    d["users"][0]["password"] = "md5$x"


def _person_with_a_bad_username(d):
    d["users"].append({"username": "a b", "first_name": "", "last_name": "", "email": ""})


def _report_without_a_programme(d):
    rows_of(d, "reports.councilreport")[0]["fields"]["programme"] = None


MALFORMED = [
    (_not_json, "not JSON"),
    (_a_list, "not a programme backup"),
    (_other_format, "not a programme backup"),
    (_version_2, "version 2"),
    (_version_as_text, "version 1"),
    (_no_objects, "lacks these parts: objects"),
    (_no_migrations, "lacks these parts: migrations"),
    (_newer_migration, "newer version"),
    (_unknown_app, "newer version"),
    (_superuser_row, "never holds"),
    (_row_without_fields, "Row 1 of the backup is malformed"),
    (_text_id, "no valid id"),
    (_two_programmes, "exactly the programme"),
    (_header_names_another_programme, "exactly the programme"),
    (_link_outside_the_document, "links through goal"),
    (_unknown_author, "links through contact_persons"),
    (_unknown_field, "rocket"),
    (_bad_status, "nonsense"),
    (_bad_date, "31.12.2022"),
    (_completion_over_100, "nothing was written"),
    (_malformed_person, "Person 1"),
    (_person_with_a_bad_username, "Person"),
    (_report_without_a_programme, "nothing was written"),
]


@pytest.mark.parametrize(("spoil", "message"), MALFORMED, ids=[s.__name__ for s, _ in MALFORMED])
def test_a_malformed_backup_is_refused_and_writes_nothing(document, spoil, message):
    text = spoil(document) or json.dumps(document)
    dump = database_dump()
    with pytest.raises(BackupError) as refused:
        import_programme(text.encode())
    assert message in str(refused.value)
    assert database_dump() == dump


def test_a_programme_that_exists_is_refused_and_nothing_is_written(document):
    import_programme(json.dumps(document))
    dump = database_dump()
    with pytest.raises(BackupError, match="already exists"):
        import_programme(json.dumps(document))
    assert database_dump() == dump


def test_ids_the_target_uses_for_other_rows_are_refused_and_nothing_is_written(document):
    import_programme(json.dumps(document))
    rows_of(document, "programmes.programme")[0]["fields"]["slug"] = "toinen"
    document["programme"] = "toinen"
    rows_of(document, "programmes.action")[0]["fields"]["name"] = "Toinen nimi"
    dump = database_dump()
    with pytest.raises(BackupError, match="already holds other rows") as refused:
        import_programme(json.dumps(document))
    assert "ohjelmat: 1" in str(refused.value) or "programmes: 1" in str(refused.value)
    assert database_dump() == dump


def test_an_existing_person_is_reused_unchanged(document, django_user_model):
    person = django_user_model.objects.create_user("muokkaaja", "oma@example.test", "salasana-1")
    summary = import_programme(json.dumps(document))
    assert summary.users_reused == ["muokkaaja"]
    person.refresh_from_db()
    assert person.is_active and person.email == "oma@example.test"
    assert person.check_password("salasana-1")


def test_a_dry_run_writes_nothing(document):
    dump = database_dump()
    summary = import_programme(json.dumps(document), dry_run=True)
    assert summary.slug == "ilmasto-2021" and summary.users_created == ["muokkaaja"]
    assert database_dump() == dump


def test_an_import_tells_the_dashboard_cache(document):
    marks = DataChange.objects.count()
    import_programme(json.dumps(document))
    assert DataChange.objects.count() > marks


# --- the commands --------------------------------------------------------------------


def test_the_commands_export_and_import(small_programme, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_programme", "ilmasto-2021", "-o", str(path), stderr=io.StringIO())
    stdout = io.StringIO()
    call_command("export_programme", "ilmasto-2021", stdout=stdout)
    assert without_timestamp(stdout.getvalue()) == without_timestamp(path.read_text())
    empty_the_database()
    out = io.StringIO()
    call_command("import_programme", str(path), stdout=out)
    assert "Ilmasto-ohjelma (ilmasto-2021)" in out.getvalue()
    assert Programme.objects.filter(slug="ilmasto-2021").exists()


def test_the_commands_refuse_clearly(small_programme, tmp_path):
    with pytest.raises(CommandError, match="No programme 'nope'"):
        call_command("export_programme", "nope")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_programme", str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(CommandError, match="not a programme backup"):
        call_command("import_programme", str(bad))


# --- the admin ------------------------------------------------------------------------


@pytest.fixture
def staff_without_coordination(django_user_model):
    """Staff who may change programmes in the admin but are no coordinators."""
    user = django_user_model.objects.create_user("henkilosto", password="salasana-123")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_programme", "change_programme"])
    )
    return user


def test_a_coordinator_downloads_a_backup_from_the_programme_page(client, small_programme):
    coordinator = get_user_model().objects.create_user("koordi", password="salasana-123")
    coordinator.is_staff = True
    coordinator.save()
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    client.force_login(coordinator)
    pk = small_programme.programme.pk
    page = client.get(reverse("admin:programmes_programme_change", args=[pk]))
    url = reverse("admin:programmes_programme_backup", args=[pk])
    assert url in page.text
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ilmasto-2021-backup-')
    assert json.loads(response.content)["programme"] == "ilmasto-2021"
    assert client.post(url).status_code == 403


def test_only_coordinators_back_up_or_import(client, small_programme, staff_without_coordination):
    client.force_login(staff_without_coordination)
    pk = small_programme.programme.pk
    page = client.get(reverse("admin:programmes_programme_change", args=[pk]))
    assert page.status_code == 200
    backup_url = reverse("admin:programmes_programme_backup", args=[pk])
    import_url = reverse("admin:programmes_programme_import_backup")
    assert backup_url not in page.text
    assert import_url not in client.get(reverse("admin:programmes_programme_changelist")).text
    assert client.get(backup_url).status_code == 403
    assert client.get(import_url).status_code == 403
    assert client.post(import_url).status_code == 403


def test_the_admin_is_for_staff_only(client, small_programme, editor):
    client.force_login(editor)
    url = reverse("admin:programmes_programme_backup", args=[small_programme.programme.pk])
    assert client.get(url).url.startswith(reverse("admin:login"))


def upload(text: str | bytes, name: str = "backup.json") -> SimpleUploadedFile:
    data = text if isinstance(text, bytes) else text.encode()
    return SimpleUploadedFile(name, data, content_type="application/json")


def test_the_admin_previews_then_imports(client, coordinator, small_programme):
    text = export_programme(small_programme.programme)
    empty_the_database()
    coordinator.save()  # emptying took the coordinator too
    client.force_login(coordinator)
    url = reverse("admin:programmes_programme_import_backup")
    assert (
        reverse("admin:programmes_programme_import_backup")
        in client.get(reverse("admin:programmes_programme_changelist")).text
    )
    assert client.get(url).status_code == 200

    dump = database_dump()
    preview = client.post(url, {"file": upload(text)})
    assert preview.status_code == 200
    assert "Ilmasto-ohjelma" in preview.text and "ilmasto-2021" in preview.text
    assert ("toimenpiteet", 1) in preview.context["summary"].counts
    assert database_dump() == dump
    fingerprint = preview.context["form"].initial["fingerprint"]

    other = client.post(url, {"file": upload(text + " "), "fingerprint": fingerprint})
    assert other.status_code == 400
    assert database_dump() == dump

    done = client.post(url, {"file": upload(text), "fingerprint": fingerprint})
    programme = Programme.objects.get(slug="ilmasto-2021")
    assert done.url == reverse("admin:programmes_programme_change", args=[programme.pk])


@pytest.mark.parametrize(
    ("text", "message"),
    [("{oops", "JSON"), ('{"format": "x"}', "varmuuskopio"), (b"\xff\xfe{", "UTF-8")],
)
def test_the_admin_refuses_a_bad_file_and_writes_nothing(
    client, coordinator, small_programme, text, message
):
    client.force_login(coordinator)
    dump = database_dump()
    response = client.post(
        reverse("admin:programmes_programme_import_backup"), {"file": upload(text)}
    )
    assert response.status_code == 400
    assert message in response.context["error"]
    assert database_dump() == dump


def test_the_admin_refuses_a_file_too_large(client, coordinator, monkeypatch):
    monkeypatch.setattr(backup, "MAX_UPLOAD_BYTES", 10)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:programmes_programme_import_backup"), {"file": upload("x" * 11)}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_the_admin_refuses_a_programme_that_exists(client, coordinator, small_programme):
    client.force_login(coordinator)
    text = export_programme(small_programme.programme)
    response = client.post(
        reverse("admin:programmes_programme_import_backup"), {"file": upload(text)}
    )
    assert response.status_code == 400
    assert "ilmasto-2021" in response.context["error"]
