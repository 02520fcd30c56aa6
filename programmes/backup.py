"""A whole programme as one JSON document, and back: for backups and for moving a programme.

The document holds the programme with everything it reaches: its strategy (and any other
strategy its goals serve) with all their goals, the goal levels and goal nodes with their
ladder links, the actions with their responsibilities, contact persons, whole status
log (internal notes included: a backup is for the coordinator) and impact estimates (with
the sector indicators they are on), the responsible units it
uses with the units above them, the indicators measuring it (with the totals and
components they add up with) and their targets and values, and its reports. Rows are
written by Django's serialization framework, so a field added to any of these models is
in the next backup without a change here.

People are written by username, with their name and email and nothing else: no password
hash, groups or permissions. Importing reuses an existing user of the same username and
creates a missing one inactive, with an unusable password.

Not in the document: the audit history (django-simple-history), people's profiles and
roles, and the reminder log. The nightly ``pg_dump`` keeps those.

Importing keeps every primary key, so links and addresses survive, and writes in one
transaction. It refuses a programme whose slug exists, and a row whose id the target
already uses for something else; a row that is already there, identical (a strategy or
unit shared with a programme moved earlier from the same database), is reused.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emissions.models import ImpactEstimate
from indicators import stored_verdicts
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from programmes.cache import record_change
from programmes.models import (
    Action,
    ActionResponsibility,
    ActionStatusUpdate,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
    ScheduleRevision,
    StrategicGoal,
    Strategy,
)

FORMAT = "salo-climate-programme-backup"
VERSION = 1
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
NOT_INCLUDED = (
    "audit history (django-simple-history); password hashes, groups, permissions and "
    "profiles of people; the reminder log"
)
HEADER_KEYS = ("format", "version", "programme", "exported_at", "migrations", "users", "objects")

# The models of the document, in the order they are written. The reports app's models
# follow, whatever they are: each one that belongs to a programme is in the backup.
CORE_MODELS: tuple[type[models.Model], ...] = (
    Strategy,
    StrategicGoal,
    ResponsibleUnit,
    Programme,
    GoalLevel,
    GoalNode,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Action,
    ActionResponsibility,
    ActionStatusUpdate,
    ScheduleRevision,
    ImpactEstimate,
)


class BackupError(Exception):
    """A document that cannot be imported (or a programme that cannot be exported)."""


def report_models() -> list[type[models.Model]]:
    """The reports app's models that belong to a programme, those referred to first."""
    found = [
        model
        for model in apps.get_app_config("reports").get_models()
        if not model.__name__.startswith("Historical") and _programme_field(model)
    ]
    return sorted(found, key=lambda model: (_reports_referred_to(model, found), model.__name__))


def _reports_referred_to(model, found) -> int:
    """Minus the number of report models that point at ``model``: those come first."""
    pointing = sum(
        1
        for other in found
        for f in other._meta.concrete_fields
        if f.is_relation and f.related_model is model
    )
    return -pointing


def _programme_field(model) -> str | None:
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is Programme:
            return f.name
    return None


def document_models() -> list[type[models.Model]]:
    return [*CORE_MODELS, *report_models()]


def _label(model) -> str:
    return model._meta.label_lower


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def collect(programme: Programme) -> dict[type[models.Model], list[models.Model]]:
    """Every row the programme's backup holds, by model, each list ordered by id."""
    goals = GoalNode.objects.filter(programme=programme)
    actions = Action.objects.filter(programme=programme)
    strategic_ids = set(
        GoalNode.strategic_goals.through.objects.filter(goalnode__programme=programme).values_list(
            "strategicgoal_id", flat=True
        )
    )
    strategy_ids = set(
        StrategicGoal.objects.filter(pk__in=strategic_ids).values_list("strategy_id", flat=True)
    )
    if programme.strategy_id:
        strategy_ids.add(programme.strategy_id)

    responsibilities = ActionResponsibility.objects.filter(action__programme=programme)
    unit_ids = set(responsibilities.values_list("unit_id", flat=True))
    parents = dict(ResponsibleUnit.objects.values_list("pk", "parent_id"))
    for unit_id in list(unit_ids):
        parent = parents.get(unit_id)
        while parent is not None and parent not in unit_ids:
            unit_ids.add(parent)
            parent = parents.get(parent)

    indicator_ids = set(Indicator.objects.for_programme(programme).values_list("pk", flat=True))
    indicator_ids |= set(
        goals.filter(headline_indicator__isnull=False).values_list("headline_indicator", flat=True)
    )
    estimates = ImpactEstimate.objects.filter(action__programme=programme)
    indicator_ids |= set(estimates.values_list("sector_id", flat=True))
    # The totals an indicator adds up to, and their components, belong together.
    links = list(Indicator.objects.values_list("pk", "component_of_id"))
    grew = True
    while grew:
        before = len(indicator_ids)
        for pk, total_id in links:
            if total_id is not None and (pk in indicator_ids or total_id in indicator_ids):
                indicator_ids |= {pk, total_id}
        grew = len(indicator_ids) > before

    rows = {
        Strategy: Strategy.objects.filter(pk__in=strategy_ids),
        StrategicGoal: StrategicGoal.objects.filter(strategy__in=strategy_ids),
        ResponsibleUnit: ResponsibleUnit.objects.filter(pk__in=unit_ids),
        Programme: Programme.objects.filter(pk=programme.pk),
        GoalLevel: GoalLevel.objects.filter(programme=programme),
        GoalNode: goals.prefetch_related("serves", "strategic_goals"),
        Indicator: Indicator.objects.filter(pk__in=indicator_ids).prefetch_related(
            "contact_persons", "goals", "actions"
        ),
        IndicatorTarget: IndicatorTarget.objects.filter(indicator__in=indicator_ids),
        IndicatorValue: IndicatorValue.objects.filter(indicator__in=indicator_ids).select_related(
            "entered_by"
        ),
        Action: actions.prefetch_related("contact_persons"),
        ActionResponsibility: responsibilities,
        ActionStatusUpdate: ActionStatusUpdate.objects.filter(
            action__programme=programme
        ).select_related("author"),
        ScheduleRevision: ScheduleRevision.objects.filter(
            action__programme=programme
        ).select_related("proposed_by", "decided_by"),
        ImpactEstimate: estimates,
    }
    for model in report_models():
        rows[model] = model._default_manager.filter(**{_programme_field(model): programme})
    return {model: list(queryset.order_by("pk")) for model, queryset in rows.items()}


def migration_state() -> dict[str, str]:
    """The latest applied migration of each app whose rows a backup holds."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    app_labels = sorted({m._meta.app_label for m in document_models()} | {"auth"})
    state = {}
    for app_label in app_labels:
        applied = [node for node in loader.applied_migrations if node[0] == app_label]
        if applied:
            latest = max(
                applied,
                key=lambda node: sum(
                    1 for step in loader.graph.forwards_plan(node) if step[0] == app_label
                ),
            )
            state[app_label] = latest[1]
    return state


def _user_ids(model_rows: dict) -> set[int]:
    user_model = get_user_model()
    ids: set[int] = set()
    for model, rows in model_rows.items():
        fks = [
            f
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is user_model
        ]
        m2ms = [f for f in model._meta.many_to_many if f.related_model is user_model]
        for row in rows:
            ids.update(getattr(row, f.attname) for f in fks)
            for f in m2ms:
                ids.update(user.pk for user in getattr(row, f.name).all())
    ids.discard(None)
    return ids


def export_document(programme: Programme) -> dict:
    """The programme's backup as a JSON-ready dictionary."""
    model_rows = collect(programme)
    members = {(_label(model), row.pk) for model, rows in model_rows.items() for row in rows}
    objects: list[dict] = []
    for rows in model_rows.values():
        for entry in serializers.serialize("python", rows, use_natural_foreign_keys=True):
            objects.append(_tidy(entry, members))
    users = (
        get_user_model()
        .objects.filter(pk__in=_user_ids(model_rows))
        .order_by("username")
        .values("username", "first_name", "last_name", "email")
    )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "programme": programme.slug,
        "exported_at": timezone.now().isoformat(),
        "migrations": migration_state(),
        "not_included": NOT_INCLUDED,
        "counts": dict(Counter(entry["model"] for entry in objects)),
        "users": list(users),
        "objects": objects,
    }
    _check_self_contained(objects, {user["username"] for user in document["users"]})
    return document


def _tidy(entry: dict, members: set[tuple[str, int]]) -> dict:
    """Many-to-many links kept only to rows in the document, and sorted: the same rows
    give the same document, whatever the database's order."""
    model = apps.get_model(entry["model"])
    for f in model._meta.many_to_many:
        if f.name not in entry["fields"]:
            continue
        values = entry["fields"][f.name]
        if f.related_model is not get_user_model():
            values = [pk for pk in values if (_label(f.related_model), pk) in members]
        entry["fields"][f.name] = sorted(values)
    return entry


class BackupEncoder(DjangoJSONEncoder):
    """Django's encoder, but times to the microsecond (it cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def dumps(document: dict) -> str:
    return json.dumps(document, cls=BackupEncoder, ensure_ascii=False, indent=1) + "\n"


def export_programme(programme: Programme) -> str:
    return dumps(export_document(programme))


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """What a document holds, and what importing it creates and reuses."""

    programme_name: str
    slug: str
    exported_at: str
    counts: list[tuple[str, int]]
    users_created: list[str] = field(default_factory=list)
    users_reused: list[str] = field(default_factory=list)
    rows_reused: int = 0
    programme_pk: int | None = None

    @property
    def exported_at_time(self) -> datetime | None:
        """The time of export as a time, for showing it in the reader's format."""
        try:
            return parse_datetime(self.exported_at)
        except ValueError:
            return None


class _DryRun(Exception):
    def __init__(self, summary: ImportSummary):
        super().__init__()
        self.summary = summary


def loads(data: bytes | str) -> dict:
    """Parse a backup file: JSON only, never anything that could run."""
    try:
        if isinstance(data, bytes):
            data = data.decode("utf-8-sig")
        document = json.loads(data)
    except UnicodeDecodeError as error:
        raise BackupError(_("The file is not UTF-8 text: %(error)s") % {"error": error}) from error
    except json.JSONDecodeError as error:
        raise BackupError(
            _("The file is not JSON (line %(line)s, column %(column)s: %(error)s).")
            % {"line": error.lineno, "column": error.colno, "error": error.msg}
        ) from error
    except RecursionError as error:
        raise BackupError(_("The file is not a programme backup.")) from error
    return document


def check_document(document) -> None:
    """The header and the shape of every row; raises ``BackupError`` with the reason."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(_("The file is not a programme backup."))
    missing = [key for key in HEADER_KEYS if key not in document]
    if missing:
        raise BackupError(
            _("The backup lacks these parts: %(keys)s.") % {"keys": ", ".join(missing)}
        )
    if document["version"] != VERSION or isinstance(document["version"], bool):
        raise BackupError(
            _("The backup's format version %(version)s is unknown here (known: %(known)s).")
            % {"version": document["version"], "known": VERSION}
        )
    if not isinstance(document["programme"], str) or not document["programme"]:
        raise BackupError(_("The backup does not name its programme."))
    for key, kind in (("migrations", dict), ("users", list), ("objects", list)):
        if not isinstance(document[key], kind):
            raise BackupError(_("The backup's part %(key)s is malformed.") % {"key": key})
    _check_migrations(document["migrations"])
    _check_users(document["users"])
    _check_objects(document)


def _check_migrations(migrations: dict) -> None:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    for app_label, name in sorted(migrations.items()):
        node = (app_label, name)
        if not isinstance(name, str) or node not in loader.graph.nodes:
            raise BackupError(
                _(
                    "The backup comes from a newer version of the application (migration "
                    "%(migration)s is not known here). Upgrade this installation first."
                )
                % {"migration": f"{app_label}.{name}"}
            )
        if node not in loader.applied_migrations:
            raise BackupError(
                _("This database lacks migration %(migration)s: run migrate first.")
                % {"migration": f"{app_label}.{name}"}
            )


def _check_users(users: list) -> None:
    validate_username = UnicodeUsernameValidator()
    seen = set()
    for number, user in enumerate(users, start=1):
        try:
            if not isinstance(user, dict) or set(user) != {
                "username",
                "first_name",
                "last_name",
                "email",
            }:
                raise ValidationError("keys")
            if not all(isinstance(value, str) for value in user.values()):
                raise ValidationError("types")
            if not 0 < len(user["username"]) <= 150 or user["username"] in seen:
                raise ValidationError("username")
            validate_username(user["username"])
            if len(user["first_name"]) > 150 or len(user["last_name"]) > 150:
                raise ValidationError("name")
            if user["email"]:
                validate_email(user["email"])
        except ValidationError as error:
            raise BackupError(
                _("Person %(number)s in the backup is malformed.") % {"number": number}
            ) from error
        seen.add(user["username"])


def _check_objects(document: dict) -> None:
    allowed = {_label(model) for model in document_models()}
    for number, entry in enumerate(document["objects"], start=1):
        if (
            not isinstance(entry, dict)
            or set(entry) != {"model", "pk", "fields"}
            or not isinstance(entry["fields"], dict)
        ):
            raise BackupError(_("Row %(number)s of the backup is malformed.") % {"number": number})
        if entry["model"] not in allowed:
            raise BackupError(
                _("Row %(number)s is a %(model)s, which a programme backup never holds.")
                % {"number": number, "model": entry["model"]}
            )
        if not isinstance(entry["pk"], int) or isinstance(entry["pk"], bool) or entry["pk"] < 1:
            raise BackupError(
                _("Row %(number)s of the backup has no valid id.") % {"number": number}
            )
    programmes = [e for e in document["objects"] if e["model"] == _label(Programme)]
    if len(programmes) != 1 or programmes[0]["fields"].get("slug") != document["programme"]:
        raise BackupError(_("The backup must hold exactly the programme it names."))
    keys = [(e["model"], e["pk"]) for e in document["objects"]]
    if len(keys) != len(set(keys)):
        raise BackupError(_("The backup holds the same row twice."))
    _check_self_contained(document["objects"], {user["username"] for user in document["users"]})


def _check_self_contained(objects: list[dict], usernames: set[str]) -> None:
    """Every link in the document leads to a row in it, or to a person listed in it: an
    import never attaches anything to rows that happen to be in the target already."""
    user_model = get_user_model()
    members = {(e["model"], e["pk"]) for e in objects}
    for entry in objects:
        model = apps.get_model(entry["model"])
        for name, value in entry["fields"].items():
            try:
                f = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # reported by the deserializer, with the field's name
            if not f.is_relation or value is None:
                continue
            values = value if f.many_to_many else [value]
            if not isinstance(values, list):
                raise BackupError(_bad_link(entry, name))
            for target in values:
                if f.related_model is user_model:
                    ok = (
                        isinstance(target, list | tuple)
                        and len(target) == 1
                        and target[0] in usernames
                    )
                else:
                    ok = (_label(f.related_model), target) in members
                if not ok:
                    raise BackupError(_bad_link(entry, name))


def _bad_link(entry: dict, name: str) -> str:
    return _("%(model)s %(pk)s links through %(field)s to a row the backup does not hold.") % {
        "model": entry["model"],
        "pk": entry["pk"],
        "field": name,
    }


def describe(document: dict) -> ImportSummary:
    """What the document holds, from its rows (the header's counts are not trusted)."""
    programme = next(e for e in document["objects"] if e["model"] == _label(Programme))
    counts = Counter(entry["model"] for entry in document["objects"])
    return ImportSummary(
        programme_name=str(programme["fields"].get("name", "")),
        slug=document["programme"],
        exported_at=str(document["exported_at"]),
        counts=[
            (str(model._meta.verbose_name_plural), counts.get(_label(model), 0))
            for model in document_models()
        ]
        + [(str(_("people")), len(document["users"]))],
    )


def import_document(document, *, dry_run: bool = False) -> ImportSummary:
    """Write the document's programme into this database, all of it or nothing.

    ``dry_run`` does everything and rolls it back: the preview says exactly whether the
    import will succeed.
    """
    check_document(document)
    if Programme.objects.filter(slug=document["programme"]).exists():
        raise BackupError(
            _("A programme with the short name %(slug)s already exists here; nothing was imported.")
            % {"slug": document["programme"]}
        )
    summary = describe(document)
    try:
        with transaction.atomic():
            _write(document, summary)
            if dry_run:
                raise _DryRun(summary)
    except _DryRun as done:
        return done.summary
    except BackupError:
        raise
    except (
        DeserializationError,
        ValidationError,
        DatabaseError,
        FieldDoesNotExist,
        ObjectDoesNotExist,
        LookupError,
        ValueError,
        TypeError,
    ) as error:
        raise BackupError(
            _("The backup could not be imported, and nothing was written: %(error)s")
            % {"error": _error_text(error)}
        ) from error
    return summary


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


def _write(document: dict, summary: ImportSummary) -> None:
    _write_users(document["users"], summary)
    members = {(e["model"], e["pk"]) for e in document["objects"]}
    order = {_label(model): index for index, model in enumerate(document_models())}
    entries = sorted(document["objects"], key=lambda e: (order[e["model"]], e["pk"]))
    deserialized = list(serializers.deserialize("python", entries, ignorenonexistent=False))
    clashes: Counter[str] = Counter()
    to_save = []
    for item, entry in zip(deserialized, entries, strict=True):
        row = item.object
        existing = type(row)._base_manager.filter(pk=row.pk).first()
        if existing is not None:
            again = _tidy(
                serializers.serialize("python", [existing], use_natural_foreign_keys=True)[0],
                members,
            )
            if _same(again, entry):
                summary.rows_reused += 1
                continue
            clashes[str(row._meta.verbose_name_plural)] += 1
            continue
        relations = [f.name for f in row._meta.concrete_fields if f.is_relation]
        row.clean_fields(exclude=relations)
        to_save.append(item)
    if clashes:
        raise BackupError(
            _(
                "This database already holds other rows with the backup's ids (%(clashes)s); "
                "nothing was imported. Import into an empty database."
            )
            % {"clashes": ", ".join(f"{name}: {n}" for name, n in sorted(clashes.items()))}
        )
    for item in to_save:
        item.object.skip_history_when_saving = True  # an import is not an edit
        item.save()
    table_names = [model._meta.db_table for model in document_models()]
    connection.check_constraints(table_names=table_names)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), document_models()):
            cursor.execute(sql)
    # Raw saves send no signals that count: judge the indicators, tell the dashboard cache.
    stored_verdicts.rebuild(item.object.pk for item in to_save if type(item.object) is Indicator)
    record_change()
    summary.programme_pk = Programme.objects.get(slug=document["programme"]).pk


def _same(existing: dict, entry: dict) -> bool:
    """The row in the database equals the document's, compared as the document writes it."""
    return json.loads(json.dumps(existing, cls=BackupEncoder)) == json.loads(
        json.dumps(entry, cls=BackupEncoder)
    )


def _write_users(users: list[dict], summary: ImportSummary) -> None:
    user_model = get_user_model()
    existing = set(
        user_model.objects.filter(username__in=[u["username"] for u in users]).values_list(
            "username", flat=True
        )
    )
    for data in users:
        if data["username"] in existing:
            summary.users_reused.append(data["username"])
            continue
        user = user_model(**data, is_active=False)
        user.set_unusable_password()
        user.save()
        summary.users_created.append(data["username"])


def import_programme(data: bytes | str, *, dry_run: bool = False) -> ImportSummary:
    return import_document(loads(data), dry_run=dry_run)


# ---------------------------------------------------------------------------
# The admin's import page
# ---------------------------------------------------------------------------


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ImportBackupForm(forms.Form):
    """A backup file; with ``fingerprint``, the file previewed, chosen again to confirm."""

    file = forms.FileField(label=gettext_lazy("Programme backup (JSON)"))
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is too large: a backup may be at most %(megabytes)s MB.")
                % {"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        data = b"".join(upload.chunks())
        cleaned["data"] = data
        cleaned["data_fingerprint"] = fingerprint(data)
        expected = cleaned.get("fingerprint")
        if expected and expected != cleaned["data_fingerprint"]:
            raise ValidationError(
                _("This is not the file you previewed. Preview it first."), code="changed"
            )
        return cleaned
