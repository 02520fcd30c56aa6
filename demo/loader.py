"""The Salo demo: three programmes, 85 actions with their status logs, 45 indicators, users.

``load_demo`` first *plans* every row as plain data, from ``demo.data`` and a
seeded ``random.Random`` per action or indicator (so an action's plan depends only on
its identifier and ``today``, never on what else was loaded), and then writes what is
missing, looked up by natural keys: programme slug, goal and action identifiers within a
programme, username, indicator identifier. A second run therefore creates nothing, and
``scale=3`` after ``scale=1`` adds exactly the extra copies.

Dates of status updates are relative to ``today``, so that some actions are stale and
others fresh whenever the demo is loaded. The mix of fates (completed, late, stale,
blocked…) is fixed for the 85 actions and repeated by every scaled copy.
"""

from __future__ import annotations

import enum
import itertools
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Profile
from accounts.people import display_name
from accounts.roles import COORDINATOR, EDITOR, VIEWER
from demo import data
from emissions.models import ImpactEstimate
from indicators import stored_verdicts
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from programmes.cache import collected_changes, record_change
from programmes.choices import ActionStatus, BottleneckCategory
from programmes.models import (
    Action,
    ActionResponsibility,
    ActionStatusUpdate,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
    StrategicGoal,
    Strategy,
)

SEED = 734  # Salo's municipality number
DEMO_PASSWORD = "salo-demo"
EMAIL_DOMAIN = "salo.fi"
HELSINKI = ZoneInfo("Europe/Helsinki")

CURRENT_SLUG = "ilmasto-ja-ymparisto-2021-2025"
PREVIOUS_SLUG = "ilmasto-ja-ymparisto-2016-2020"
NEXT_SLUG = "ilmasto-ja-ymparisto-2026-2030"
PROGRAMME_NAME = "Ilmasto- ja ympäristöohjelma"

EARLIEST_UPDATE = date(2021, 6, 15)
ESTIMATED_ON = date(2024, 3, 15)
PROGRAMME_END = date(2025, 12, 31)

LEVELS = (
    (1, "päätavoite", "päätavoitteet", False),
    (2, "kehityspolku", "kehityspolut", True),
    (3, "painopiste", "painopisteet", True),
)


@dataclass(frozen=True)
class DemoSummary:
    """What the database holds after loading, and how many rows this run created."""

    programmes: int
    goals: int
    actions: int
    key_actions: int
    status_updates: int
    indicators: int
    indicator_values: int
    users: int
    created: int


# Charted on the overview: area emissions against the 2035 carbon-neutrality path.
FEATURED_INDICATORS = frozenset({"M01"})


def load_demo(scale: int = 1, *, today: date | None = None) -> DemoSummary:
    """Load the demo (``scale`` copies of the actions and indicators); idempotent."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    loader = _Loader(today or timezone.localdate())
    # The rows it saves one by one are marked for the dashboard cache once, and the bulk
    # inserts, which send no signals, are judged and marked at the end.
    with transaction.atomic(), collected_changes():
        with stored_verdicts.deferred():
            loader.load(scale)
        stored_verdicts.rebuild()
        record_change()
    return loader.summary()


# ---------------------------------------------------------------------------
# Plans: plain data, decided before anything is written
# ---------------------------------------------------------------------------


class Fate(enum.StrEnum):
    """How an action's story goes, which decides its schedule and status log."""

    COMPLETED = "completed"
    LATE = "late"
    ON_TRACK = "on_track"
    STALE = "stale"
    BLOCKED = "blocked"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    NOT_STARTED = "not_started"
    CONTINUOUS = "continuous"
    CONTINUOUS_STALE = "continuous_stale"
    CONTINUOUS_BLOCKED = "continuous_blocked"


# How many non-continuous actions meet each fate; those left over are completed. Only
# ordinary actions are postponed, cancelled or never started: not a key action lightly.
OPEN_FATES = {Fate.LATE: 12, Fate.ON_TRACK: 8, Fate.STALE: 8, Fate.BLOCKED: 8}
ORDINARY_FATES = {Fate.POSTPONED: 4, Fate.CANCELLED: 2, Fate.NOT_STARTED: 3}
UNOWNED_ACTIONS = 3


@dataclass
class UpdatePlan:
    created_at: datetime
    author: str
    status: str
    completion_percent: int
    done: str = ""
    next_steps: str = ""
    bottleneck_category: str = ""
    bottleneck: str = ""
    internal_note: str = ""


@dataclass
class ActionPlan:
    identifier: str
    goal: str
    name: str
    description: str
    order: int
    is_key_action: bool
    primary_unit: str
    collaborators: tuple[str, ...]
    contacts: tuple[str, ...]
    start_date: date | None
    end_date: date | None
    is_continuous: bool
    updates: list[UpdatePlan] = field(default_factory=list)


@dataclass
class IndicatorPlan:
    identifier: str
    name: str
    text: data.IndicatorText
    values: list[tuple[date, float]]
    baseline_value: float | None
    actions: tuple[str, ...]
    component_of: str = ""
    """The identifier of the total this indicator is a component of."""


@dataclass(frozen=True)
class BaseAction:
    identifier: str
    goal: str
    order: int
    text: data.ActionText


def base_actions() -> list[BaseAction]:
    """The 85 actions of 2021–2025 with identifiers from their goal and position."""
    actions = []
    for goal, texts in data.ACTIONS.items():
        for position, text in enumerate(texts, 1):
            actions.append(BaseAction(f"{goal}.{position}", goal, len(actions) + 1, text))
    return actions


def assign_fates(actions: list[BaseAction]) -> tuple[dict[str, Fate], set[str]]:
    """A fate for every base action, and the few left without a contact person."""
    rng = random.Random(SEED)
    fates: dict[str, Fate] = {}
    continuous = [a.identifier for a in actions if a.text.continuous]
    rng.shuffle(continuous)
    special = [Fate.CONTINUOUS_STALE, Fate.CONTINUOUS_BLOCKED]
    for identifier in continuous:
        fates[identifier] = special.pop(0) if special else Fate.CONTINUOUS

    others = [a for a in actions if not a.text.continuous]
    ordinary = [a.identifier for a in others if not a.text.key]
    chosen = rng.sample(ordinary, sum(ORDINARY_FATES.values()))
    for fate, count in ORDINARY_FATES.items():
        for identifier in chosen[:count]:
            fates[identifier] = fate
        chosen = chosen[count:]

    remaining = [a.identifier for a in others if a.identifier not in fates]
    rng.shuffle(remaining)
    for fate, count in OPEN_FATES.items():
        for identifier in remaining[:count]:
            fates[identifier] = fate
        remaining = remaining[count:]
    for identifier in remaining:
        fates[identifier] = Fate.COMPLETED

    candidates = [
        a.identifier
        for a in others
        if not a.text.key and fates[a.identifier] in (Fate.LATE, Fate.STALE, Fate.BLOCKED)
    ]
    unowned = set(rng.sample(candidates, UNOWNED_ACTIONS))
    return fates, unowned


def plan_current_actions(scale: int, today: date) -> list[ActionPlan]:
    """The 2021–2025 actions: the 85, then ``scale - 1`` numbered copies of each."""
    bases = base_actions()
    fates, unowned = assign_fates(bases)
    plans = []
    for copy in range(1, scale + 1):
        for base in bases:
            identifier = base.identifier if copy == 1 else f"{base.identifier}-{copy}"
            name = base.text.name if copy == 1 else f"{base.text.name} – vaihe {copy}"
            plans.append(
                plan_action(
                    base,
                    identifier=identifier,
                    name=name,
                    fate=fates[base.identifier],
                    owned=base.identifier not in unowned,
                    today=today,
                )
            )
    return plans


def plan_action(
    base: BaseAction, *, identifier: str, name: str, fate: Fate, owned: bool, today: date
) -> ActionPlan:
    rng = random.Random(f"{SEED}:action:{identifier}")
    unit = base.text.unit
    pool = [u for u in data.PATH_COLLABORATORS[base.goal.split(".")[0]] if u != unit]
    collaborators = tuple(rng.sample(pool, rng.choice((0, 1, 1, 2))))
    contacts = _contacts(rng, unit, collaborators) if owned else ()
    start, end = _schedule(rng, fate)
    plan = ActionPlan(
        identifier=identifier,
        goal=base.goal,
        name=name,
        description=base.text.description,
        order=base.order,
        is_key_action=base.text.key,
        primary_unit=unit,
        collaborators=collaborators,
        contacts=contacts,
        start_date=start,
        end_date=end,
        is_continuous=fate.startswith("continuous"),
    )
    plan.updates = _updates(rng, plan, fate, today)
    return plan


def _staff_by_unit() -> dict[str, list[str]]:
    staff: dict[str, list[str]] = {}
    for person in (*data.LOGIN_USERS, *data.STAFF):
        if person.unit:
            staff.setdefault(person.unit, []).append(person.username)
    return staff


STAFF_BY_UNIT = _staff_by_unit()
DIVISION_OF_UNIT = {key: d.key for d in data.DIVISIONS for key, _name in d.units}


def staff_for(unit: str) -> list[str]:
    """The people of a unit, or of its division when the unit has nobody of its own."""
    if STAFF_BY_UNIT.get(unit):
        return STAFF_BY_UNIT[unit]
    division = DIVISION_OF_UNIT[unit]
    return [
        person
        for other, people in STAFF_BY_UNIT.items()
        if DIVISION_OF_UNIT[other] == division
        for person in people
    ]


def _contacts(rng: random.Random, unit: str, collaborators: tuple[str, ...]) -> tuple[str, ...]:
    first = rng.choice(staff_for(unit))
    if rng.random() >= 0.35:
        return (first,)
    pool = [p for c in collaborators for p in staff_for(c) if p != first]
    pool = pool or [p for p in staff_for(unit) if p != first]
    return (first, rng.choice(pool)) if pool else (first,)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _schedule(rng: random.Random, fate: Fate) -> tuple[date | None, date | None]:
    def between(first, last):
        return _day_between(rng, date(*first), date(*last))

    match fate:
        case Fate.COMPLETED:
            start = between((2021, 6, 1), (2023, 9, 30))
            end = min(_month_end(start + timedelta(days=rng.randint(240, 900))), PROGRAMME_END)
        case Fate.LATE:
            start = between((2021, 6, 1), (2022, 12, 31))
            end = _month_end(between((2023, 6, 1), (2025, 10, 31)))
        case Fate.ON_TRACK:
            start = between((2022, 1, 1), (2024, 6, 30))
            end = rng.choice((date(2026, 12, 31), date(2027, 6, 30), date(2027, 12, 31)))
        case Fate.STALE:
            start = between((2021, 6, 1), (2022, 12, 31))
            end = _month_end(between((2024, 3, 1), (2025, 12, 1)))
        case Fate.BLOCKED:
            start = between((2021, 9, 1), (2023, 6, 30))
            end = _month_end(between((2025, 6, 1), (2027, 6, 1)))
        case Fate.POSTPONED:
            start = between((2022, 1, 1), (2023, 6, 30))
            end = _month_end(between((2024, 6, 1), (2025, 12, 1)))
        case Fate.CANCELLED:
            start = between((2021, 6, 1), (2022, 6, 30))
            end = _month_end(between((2023, 6, 1), (2025, 6, 1)))
        case Fate.NOT_STARTED:
            return None, None
        case _:  # continuous
            return between((2021, 6, 1), (2022, 6, 30)), None
    return start, end


def _last_update_day(rng: random.Random, fate: Fate, plan: ActionPlan, today: date) -> date:
    match fate:
        case Fate.COMPLETED:
            day = plan.end_date - timedelta(days=rng.randint(0, 40))
        case Fate.CANCELLED:
            first = plan.start_date + timedelta(days=300)
            day = _day_between(rng, first, min(plan.end_date, today - timedelta(days=60)))
        case Fate.STALE | Fate.CONTINUOUS_STALE:
            day = today - timedelta(days=rng.randint(200, 480))
        case Fate.POSTPONED | Fate.NOT_STARTED:
            day = today - timedelta(days=rng.randint(20, 140))
        case _:
            day = today - timedelta(days=rng.randint(4, 165))
    return min(day, today - timedelta(days=4))


def _update_days(rng: random.Random, plan: ActionPlan, fate: Fate, today: date) -> list[date]:
    last = _last_update_day(rng, fate, plan, today)
    first = max(plan.start_date or EARLIEST_UPDATE, EARLIEST_UPDATE)
    first += timedelta(days=rng.randint(10, 60))
    span = (last - first).days
    # Roughly one update every nine months, at least two and at most six.
    count = max(2, min(6, round(span / 270) + rng.randint(-1, 1), span // 45 + 1))
    if span < 45 * (count - 1):
        first = last - timedelta(days=45 * (count - 1))
        span = (last - first).days
    step = span / (count - 1)
    days = [first]
    for index in range(1, count - 1):
        jitter = rng.uniform(-step / 4, step / 4)
        days.append(first + timedelta(days=round(step * index + jitter)))
    days.append(last)
    return days


def _ramp(rng: random.Random, count: int, low: int, high: int) -> list[int]:
    """``count`` completion percentages rising from about 5–20 to ``low``–``high``."""
    start, end = rng.randint(1, 4) * 5, rng.randint(low // 5, high // 5) * 5
    end = max(start, end)
    if count == 1:
        return [end]
    return [round((start + (end - start) * i / (count - 1)) / 5) * 5 for i in range(count)]


# The final status and the completion range reached before it, by fate.
FINAL_RANGE = {
    Fate.COMPLETED: (60, 90),
    Fate.LATE: (40, 80),
    Fate.ON_TRACK: (30, 75),
    Fate.STALE: (15, 60),
    Fate.BLOCKED: (20, 60),
    Fate.POSTPONED: (10, 40),
    Fate.CANCELLED: (10, 35),
}
FINAL_STATUS = {
    Fate.COMPLETED: ActionStatus.COMPLETED,
    Fate.POSTPONED: ActionStatus.POSTPONED,
    Fate.CANCELLED: ActionStatus.CANCELLED,
}


def _statuses(rng: random.Random, fate: Fate, count: int) -> list[tuple[str, int]]:
    if fate == Fate.NOT_STARTED:
        return [(ActionStatus.NOT_STARTED, 0)] * count
    if fate.startswith("continuous"):
        head = [(ActionStatus.IN_PROGRESS, rng.choice((40, 50, 60)))] if count > 2 else []
        return head + [(ActionStatus.CONTINUOUS, 100)] * (count - len(head))
    final = FINAL_STATUS.get(fate)
    ramp_count = count - 1 if final else count
    ramp = _ramp(rng, ramp_count, *FINAL_RANGE[fate])
    statuses: list[tuple[str, int]] = [(ActionStatus.IN_PROGRESS, c) for c in ramp]
    if ramp_count >= 3 and rng.random() < 0.3:
        statuses[0] = (ActionStatus.NOT_STARTED, 0)
    if final == ActionStatus.COMPLETED:
        statuses.append((final, 100))
    elif final:
        statuses.append((final, ramp[-1]))
    return statuses


def _texts(
    rng: random.Random, status: str, previous: str | None, used: set[str]
) -> tuple[str, str]:
    """``(done, next_steps)`` for an update with ``status`` following ``previous``.

    Texts already in ``used`` (the action's earlier updates) are avoided while others remain.
    """

    def pick(options: tuple[str, ...]) -> str:
        fresh = [o for o in options if o not in used] or list(options)
        text = rng.choice(fresh)
        used.add(text)
        return text

    match status:
        case ActionStatus.NOT_STARTED:
            return pick(data.DONE_NOT_STARTED), pick(data.NEXT_STEPS)
        case ActionStatus.IN_PROGRESS if previous in (None, ActionStatus.NOT_STARTED):
            return pick(data.DONE_STARTED), pick(data.NEXT_STEPS)
        case ActionStatus.IN_PROGRESS:
            return pick(data.DONE_PROGRESS), pick(data.NEXT_STEPS)
        case ActionStatus.COMPLETED:
            return pick(data.DONE_COMPLETED), rng.choice(data.NEXT_AFTER_COMPLETED)
        case ActionStatus.CONTINUOUS:
            return pick(data.DONE_CONTINUOUS), pick(data.NEXT_CONTINUOUS)
        case ActionStatus.POSTPONED:
            return pick(data.DONE_POSTPONED), pick(data.NEXT_POSTPONED)
        case _:
            return pick(data.DONE_CANCELLED), ""


# Which bottleneck the last update names, by fate.
FINAL_BOTTLENECK = {
    Fate.BLOCKED: tuple(BottleneckCategory.values),
    Fate.CONTINUOUS_BLOCKED: (BottleneckCategory.RESOURCES, BottleneckCategory.FUNDING),
    Fate.POSTPONED: (BottleneckCategory.FUNDING, BottleneckCategory.PENDING_DECISION),
    Fate.NOT_STARTED: (BottleneckCategory.RESOURCES,),
}


def _updates(rng: random.Random, plan: ActionPlan, fate: Fate, today: date) -> list[UpdatePlan]:
    days = _update_days(rng, plan, fate, today)
    statuses = _statuses(rng, fate, len(days))
    updates = []
    previous = None
    used: set[str] = set()
    for index, (day, (status, completion)) in enumerate(zip(days, statuses, strict=True)):
        done, next_steps = _texts(rng, status, previous, used)
        update = UpdatePlan(
            created_at=_office_hours(rng, day),
            author=rng.choice(plan.contacts) if plan.contacts else data.ADMIN.username,
            status=status,
            completion_percent=completion,
            done=done,
            next_steps=next_steps,
        )
        is_last = index == len(days) - 1
        categories = FINAL_BOTTLENECK.get(fate) if is_last else None
        bump = index > 0 and status == ActionStatus.IN_PROGRESS and rng.random() < 0.1
        if categories is None and bump:
            categories = tuple(BottleneckCategory.values)  # a bump on the way, later solved
        if categories:
            update.bottleneck_category = rng.choice(categories)
            update.bottleneck = rng.choice(data.BOTTLENECKS[update.bottleneck_category])
        if rng.random() < 0.12:
            update.internal_note = rng.choice(data.INTERNAL_NOTES)
        updates.append(update)
        previous = status
    return updates


def _office_hours(rng: random.Random, day: date) -> datetime:
    moment = time(rng.randint(8, 15), rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))
    return datetime.combine(day, moment, tzinfo=HELSINKI)


def plan_previous_actions() -> list[ActionPlan]:
    """The 32 actions of 2016–2020, closed by a final update at the end of 2020."""
    plans = []
    for path, texts in data.PREVIOUS_ACTIONS.items():
        for position, text in enumerate(texts, 1):
            identifier = f"{path}.{position}"
            rng = random.Random(f"{SEED}:previous:{identifier}")
            start = _day_between(rng, date(2016, 3, 1), date(2018, 6, 30))
            continuous = text.outcome == "continuous"
            end = None
            if text.outcome == "completed":
                end = _month_end(_day_between(rng, start + timedelta(days=300), date(2020, 11, 30)))
            elif text.outcome == "cancelled":
                end = date(2020, 12, 31)
            plan = ActionPlan(
                identifier=identifier,
                goal=path,
                name=text.name,
                description="",
                order=len(plans) + 1,
                is_key_action=False,
                primary_unit=text.unit,
                collaborators=(),
                contacts=(rng.choice(staff_for(text.unit)),),
                start_date=start,
                end_date=end,
                is_continuous=continuous,
            )
            if end and text.outcome == "completed":
                last = min(end + timedelta(days=rng.randint(0, 30)), date(2020, 12, 18))
            else:
                last = _day_between(rng, date(2020, 11, 2), date(2020, 12, 18))
            first = _day_between(rng, start + timedelta(days=30), last - timedelta(days=60))
            completion = rng.choice((30, 40, 50, 60))
            final_completion = completion if text.outcome == "cancelled" else 100
            plan.updates = [
                UpdatePlan(
                    created_at=_office_hours(rng, first),
                    author=plan.contacts[0],
                    status=ActionStatus.IN_PROGRESS,
                    completion_percent=completion,
                    done=rng.choice(data.DONE_PROGRESS),
                    next_steps=rng.choice(data.NEXT_STEPS),
                ),
                UpdatePlan(
                    created_at=_office_hours(rng, last),
                    author=plan.contacts[0],
                    status=text.outcome,
                    completion_percent=final_completion,
                    done=rng.choice(data.PREVIOUS_DONE[text.outcome]),
                ),
            ]
            plans.append(plan)
    return plans


def plan_indicators(scale: int) -> list[IndicatorPlan]:
    """The 45 indicators, then ``scale - 1`` numbered copies of each (same goals).

    A copy's components are components of the same copy of their total.
    """
    plans = []
    for copy in range(1, scale + 1):
        suffix = "" if copy == 1 else f"-{copy}"
        series = fit_components(
            {
                text.identifier: indicator_series(
                    text, random.Random(f"{SEED}:indicator:{text.identifier}{suffix}")
                )
                for text in data.INDICATORS
            },
            data.INDICATORS,
        )
        for text in data.INDICATORS:
            identifier = f"{text.identifier}{suffix}"
            name = text.name if copy == 1 else f"{text.name}, vertailusarja {copy}"
            values = series[text.identifier]
            baseline = None
            if text.baseline_year is not None:
                baseline = dict((day.year, value) for day, value in values)[text.baseline_year]
            plans.append(
                IndicatorPlan(
                    identifier=identifier,
                    name=name,
                    text=text,
                    values=values,
                    baseline_value=baseline,
                    actions=tuple(f"{a}{suffix}" for a in text.actions),
                    component_of=f"{text.component_of}{suffix}" if text.component_of else "",
                )
            )
    return plans


def fit_components(
    series: dict[str, list[tuple[date, float]]], texts: Iterable[data.IndicatorText]
) -> dict[str, list[tuple[date, float]]]:
    """The series with each total's components adding up to it in every year of the total.

    The fitted components (heating, electricity, industry, machinery: what follows the
    weather and the economy) are scaled together, year by year, to fill what the total
    leaves after the others (road transport's published figure among them). Rounding to
    their decimals leaves a little over or under, which the largest of them takes, so the
    shown figures add up exactly.
    """
    result = dict(series)
    parts: dict[str, list[data.IndicatorText]] = {}
    for text in texts:
        if text.component_of:
            parts.setdefault(text.component_of, []).append(text)
    for total, components in parts.items():
        yearly = {t.identifier: {d.year: v for d, v in series[t.identifier]} for t in components}
        scaled = [t for t in components if t.fitted]
        for day, value in series[total]:
            kept = sum(yearly[t.identifier][day.year] for t in components if not t.fitted)
            planned = sum(yearly[t.identifier][day.year] for t in scaled)
            for t in scaled:
                scaled_value = yearly[t.identifier][day.year] * (value - kept) / planned
                yearly[t.identifier][day.year] = round(scaled_value, t.decimals)
            largest, *others = sorted(scaled, key=lambda t: -yearly[t.identifier][day.year])
            rest = value - kept - sum(yearly[t.identifier][day.year] for t in others)
            yearly[largest.identifier][day.year] = round(rest, largest.decimals)
        for t in scaled:
            result[t.identifier] = [(date(y, 12, 31), v) for y, v in yearly[t.identifier].items()]
    return result


def indicator_series(text: data.IndicatorText, rng: random.Random) -> list[tuple[date, float]]:
    """Yearly values on 31 December: the anchors, and noisy straight lines between them."""
    anchors = sorted(text.values.items())
    years = [year for year, _value in anchors]
    if text.interpolate:
        years = list(range(years[0], years[-1] + 1))
    series = []
    for year in years:
        if year in text.values:
            value = float(text.values[year])
        else:
            (y0, v0), (y1, v1) = next(
                (a, b) for a, b in itertools.pairwise(anchors) if a[0] < year < b[0]
            )
            value = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
            value = max(0.0, value * (1 + rng.gauss(0, text.noise)))
        series.append((date(year, 12, 31), round(value, text.decimals)))
    return series


# ---------------------------------------------------------------------------
# Writing: look up by natural keys, create what is missing
# ---------------------------------------------------------------------------


def _email(person: data.UserText) -> str:
    local = f"{person.first_name}.{person.last_name}".lower()
    ascii_local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    return f"{ascii_local}@{EMAIL_DOMAIN}"


class _Loader:
    def __init__(self, today: date):
        self.today = today
        self.created = 0
        self.users: dict = {}
        self.units: dict[str, ResponsibleUnit] = {}
        self.strategic_goals: dict[str, StrategicGoal] = {}

    def load(self, scale: int) -> None:
        self._users()
        self._units()
        self._roles()
        strategy = self._strategy()
        self._previous_programme()
        programme, goals = self._current_programme(strategy)
        actions = self._actions(programme, goals, plan_current_actions(scale, self.today))
        self._indicators(goals, actions, plan_indicators(scale))
        self._headlines(goals, data.MAIN_GOALS)
        self._estimates(programme, scale)
        self._next_programme(strategy)

    def summary(self) -> DemoSummary:
        current = Programme.objects.get(slug=CURRENT_SLUG)
        actions = current.actions.all()
        return DemoSummary(
            programmes=Programme.objects.count(),
            goals=current.goals.count(),
            actions=actions.count(),
            key_actions=actions.filter(is_key_action=True).count(),
            status_updates=ActionStatusUpdate.objects.filter(action__programme=current).count(),
            indicators=Indicator.objects.count(),
            indicator_values=IndicatorValue.objects.count(),
            users=get_user_model().objects.count(),
            created=self.created,
        )

    # -- people and units ----------------------------------------------------

    def _users(self) -> None:
        User = get_user_model()
        people = (*data.LOGIN_USERS, *data.STAFF)
        usernames = [p.username for p in people]
        existing = set(
            User.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        missing = [p for p in people if p.username not in existing]
        if missing:
            # One hash for the three logins: hashing is slow by design, and these share a
            # password anyway. Everyone else cannot log in with a password at all.
            demo_hash = make_password(DEMO_PASSWORD)
            User.objects.bulk_create(
                User(
                    username=person.username,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    email=_email(person),
                    is_staff=person is data.ADMIN,
                    is_superuser=person is data.ADMIN,
                    password=demo_hash if person in data.LOGIN_USERS else make_password(None),
                )
                for person in missing
            )
            self.created += len(missing)
        self.users = {u.username: u for u in User.objects.filter(username__in=usernames)}

    def _roles(self) -> None:
        """Role groups and profiles: which unit each person works in."""
        groups = {
            name: Group.objects.get_or_create(name=name)[0]
            for name in (COORDINATOR, EDITOR, VIEWER)
        }
        groups[COORDINATOR].user_set.add(self.users[data.ADMIN.username])
        groups[VIEWER].user_set.add(self.users[data.COUNCIL.username])
        groups[EDITOR].user_set.add(*(self.users[p.username] for p in (data.EDITOR, *data.STAFF)))
        for person in (*data.LOGIN_USERS, *data.STAFF):
            profile, created = Profile.objects.get_or_create(user=self.users[person.username])
            self.created += created
            if created and person.unit:
                profile.units.add(self.units[person.unit])

    def _units(self) -> None:
        for order, division in enumerate(data.DIVISIONS, 1):
            parent = self._get_or_create(
                ResponsibleUnit,
                parent=None,
                name=division.name,
                defaults={"abbreviation": division.abbreviation, "order": order},
            )
            for unit_order, (key, name) in enumerate(division.units, 1):
                self.units[key] = self._get_or_create(
                    ResponsibleUnit, parent=parent, name=name, defaults={"order": unit_order}
                )

    def _get_or_create(self, model, defaults=None, **lookup):
        return self._lookup_or_create(model, defaults, **lookup)[0]

    def _lookup_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        self.created += created
        return obj, created

    # -- strategy and goal trees ----------------------------------------------

    def _strategy(self) -> Strategy:
        strategy = self._get_or_create(
            Strategy,
            name=data.STRATEGY_NAME,
            defaults={
                "vision": data.STRATEGY_VISION,
                "description": data.STRATEGY_DESCRIPTION,
                "start_year": 2021,
                "end_year": 2030,
            },
        )
        for order, (identifier, name, description) in enumerate(data.STRATEGIC_GOALS, 1):
            self.strategic_goals[identifier] = self._get_or_create(
                StrategicGoal,
                strategy=strategy,
                identifier=identifier,
                defaults={"name": name, "description": description, "order": order},
            )
        return strategy

    def _programme(self, slug: str, **fields) -> Programme:
        return self._get_or_create(Programme, slug=slug, defaults=fields)

    def _levels(self, programme: Programme, levels=LEVELS) -> dict[int, GoalLevel]:
        return {
            depth: self._get_or_create(
                GoalLevel,
                programme=programme,
                depth=depth,
                defaults={"name": name, "name_plural": plural, "actions_allowed": allowed},
            )
            for depth, name, plural, allowed in levels
        }

    def _goals(
        self,
        programme: Programme,
        level: GoalLevel,
        texts: Iterable[data.GoalText],
        goals: dict[str, GoalNode],
        target_year: int | None = None,
    ) -> None:
        """Create the goals of one level; link new ones upwards to ``goals`` already made."""
        for order, text in enumerate(texts, 1):
            goal, created = self._lookup_or_create(
                GoalNode,
                programme=programme,
                identifier=text.identifier,
                defaults={
                    "level": level,
                    "parent": goals.get(text.parent) if text.parent else None,
                    "name": text.name,
                    "description": text.description,
                    "target_state": text.target_state,
                    "target_state_year": target_year if text.target_state else None,
                    "order": order,
                },
            )
            if created:
                goal.serves.add(*(goals[i] for i in text.serves))
                goal.strategic_goals.add(*(self.strategic_goals[i] for i in text.strategic))
            goals[text.identifier] = goal

    def _previous_programme(self) -> None:
        programme = self._programme(
            PREVIOUS_SLUG,
            name=PROGRAMME_NAME,
            description="Kaupungin edellinen ilmasto- ja ympäristöohjelma: viisi kehityspolkua "
            "ja 32 toimenpidettä.",
            start_year=2016,
            end_year=2020,
            approved_on=date(2016, 6, 13),
            approved_by="Kaupunginvaltuusto",
            status=Programme.Status.ENDED,
        )
        levels = self._levels(programme, ((1, "kehityspolku", "kehityspolut", True),))
        goals: dict[str, GoalNode] = {}
        paths = [data.GoalText(identifier, name) for identifier, name in data.PREVIOUS_PATHS]
        self._goals(programme, levels[1], paths, goals)
        self._actions(programme, goals, plan_previous_actions())

    def _current_programme(self, strategy: Strategy) -> tuple[Programme, dict[str, GoalNode]]:
        programme = self._programme(
            CURRENT_SLUG,
            name=PROGRAMME_NAME,
            description="Ohjelma toteuttaa kaupunkistrategiaa neljällä päätavoitteella ja "
            "kuudella kehityspolulla. Toimenpiteitä on 85, joista 23 on avaintoimenpiteitä.",
            strategy=strategy,
            start_year=2021,
            end_year=2025,
            approved_on=date(2021, 5, 24),
            approved_by="Kaupunginvaltuusto",
            status=Programme.Status.IN_FORCE,
        )
        levels = self._levels(programme)
        goals: dict[str, GoalNode] = {}
        self._goals(programme, levels[1], data.MAIN_GOALS, goals)
        self._goals(programme, levels[2], data.PATHS, goals, target_year=2025)
        self._goals(programme, levels[3], data.FOCUS_AREAS, goals, target_year=2025)
        return programme, goals

    def _next_programme(self, strategy: Strategy) -> None:
        programme = self._programme(
            NEXT_SLUG,
            name=PROGRAMME_NAME,
            description="Seuraava ohjelma on valmisteilla. Luonnoksessa on kaksi päätavoitetta "
            "ja kolme kehityspolkua; toimenpiteet valmistellaan toimialojen kanssa.",
            strategy=strategy,
            start_year=2026,
            end_year=2030,
            status=Programme.Status.DRAFT,
            is_published=False,
        )
        levels = self._levels(programme)
        goals: dict[str, GoalNode] = {}
        self._goals(programme, levels[1], data.DRAFT_MAIN_GOALS, goals)
        self._goals(programme, levels[2], data.DRAFT_PATHS, goals, target_year=2030)

    # -- actions ----------------------------------------------------------------

    def _actions(
        self, programme: Programme, goals: dict[str, GoalNode], plans: list[ActionPlan]
    ) -> dict[str, Action]:
        existing = {a.identifier: a for a in programme.actions.all()}
        new = [
            Action(
                programme=programme,
                goal=goals[plan.goal],
                identifier=plan.identifier,
                name=plan.name,
                description=plan.description,
                is_key_action=plan.is_key_action,
                order=plan.order,
                start_date=plan.start_date,
                end_date=plan.end_date,
                is_continuous=plan.is_continuous,
            )
            for plan in plans
            if plan.identifier not in existing
        ]
        Action.objects.bulk_create(new)
        # Entered when the programme was approved (creation is also when an action never
        # updated starts to age; see Action.freshness_counted_from).
        entered = programme.approved_on or date(programme.start_year, 1, 1)
        Action.objects.filter(pk__in=[a.pk for a in new]).update(
            created_at=_office_hours(random.Random(programme.slug), entered)
        )
        self.created += len(new)
        actions = existing | {a.identifier: a for a in new}
        new_plans = [p for p in plans if p.identifier not in existing]
        self._responsibilities(actions, new_plans)
        self._action_contacts(actions, new_plans)

        updated = set(
            ActionStatusUpdate.objects.filter(action__programme=programme)
            .values_list("action_id", flat=True)
            .distinct()
        )
        logs = [
            (actions[plan.identifier], plan.updates)
            for plan in plans
            if actions[plan.identifier].pk not in updated
        ]
        self._record_updates(logs)
        return actions

    def _responsibilities(self, actions: dict[str, Action], plans: list[ActionPlan]) -> None:
        Role = ActionResponsibility.Role
        rows = [
            ActionResponsibility(
                action=actions[plan.identifier],
                unit=self.units[unit],
                role=Role.PRIMARY if index == 0 else Role.COLLABORATOR,
            )
            for plan in plans
            for index, unit in enumerate((plan.primary_unit, *plan.collaborators))
        ]
        ActionResponsibility.objects.bulk_create(rows)
        self.created += len(rows)

    def _action_contacts(self, actions: dict[str, Action], plans: list[ActionPlan]) -> None:
        Through = Action.contact_persons.through
        rows = [
            Through(action_id=actions[plan.identifier].pk, user_id=self.users[username].pk)
            for plan in plans
            for username in plan.contacts
        ]
        Through.objects.bulk_create(rows)
        self.created += len(rows)

    def _record_updates(self, logs: list[tuple[Action, list[UpdatePlan]]]) -> None:
        """Write each action's status log; its newest entry through ``record_update``.

        The older entries are plain appends to the log, written in one bulk insert (3,550
        calls to ``record_update`` take seconds at scale 10). The newest goes through
        ``record_update`` like an update saved in the browser, so the action's current
        status, completion and latest update are set by the model's own rule.
        """
        history = []
        for action, updates in logs:
            *older, _newest = sorted(updates, key=lambda u: u.created_at)
            history += [
                ActionStatusUpdate(action=action, **self._update_fields(update)) for update in older
            ]
        ActionStatusUpdate.objects.bulk_create(history)
        for action, updates in logs:
            newest = max(updates, key=lambda u: u.created_at)
            action.record_update(**self._update_fields(newest))
        self.created += len(history) + len(logs)

    def _update_fields(self, update: UpdatePlan) -> dict:
        return {
            "author": self.users[update.author],
            "status": update.status,
            "completion_percent": update.completion_percent,
            "done": update.done,
            "bottleneck_category": update.bottleneck_category,
            "bottleneck": update.bottleneck,
            "next_steps": update.next_steps,
            "internal_note": update.internal_note,
            "created_at": update.created_at,
        }

    # -- indicators ---------------------------------------------------------------

    def _headlines(self, goals: dict[str, GoalNode], texts: Iterable[data.GoalText]) -> None:
        """Name each main goal's headline indicator, unless the coordinator has set one."""
        for text in texts:
            goal = goals[text.identifier]
            if text.headline and goal.headline_indicator_id is None:
                goal.headline_indicator = Indicator.objects.get(identifier=text.headline)
                goal.save(update_fields=["headline_indicator"])

    def _estimates(self, programme: Programme, scale: int) -> None:
        """Impact estimates of the Hiilineutraalius actions (``data.IMPACT_ESTIMATES``);
        each scaled copy of an action carries its original's, on the same sectors. An
        action that already has estimates is left as the coordinator made it."""
        sectors = {
            i.identifier: i
            for i in Indicator.objects.filter(
                identifier__in={e.sector for e in data.IMPACT_ESTIMATES}
            )
        }
        actions = {a.identifier: a for a in Action.objects.filter(programme=programme)}
        estimated = set(
            ImpactEstimate.objects.filter(action__programme=programme).values_list(
                "action_id", flat=True
            )
        )
        rows = []
        for copy in range(1, scale + 1):
            for text in data.IMPACT_ESTIMATES:
                identifier = text.action if copy == 1 else f"{text.action}-{copy}"
                action = actions.get(identifier)
                if action is None or action.pk in estimated:
                    continue
                author = self.users[text.estimated_by]
                rows.append(
                    ImpactEstimate(
                        action=action,
                        sector=sectors[text.sector],
                        annual_reduction=text.reduction,
                        low=text.low,
                        high=text.high,
                        start_year=text.start_year,
                        full_effect_year=text.full_effect_year,
                        method=text.method,
                        estimated_by=display_name(author),
                        estimated_on=ESTIMATED_ON,
                    )
                )
        ImpactEstimate.objects.bulk_create(rows)
        self.created += len(rows)

    def _link_components(
        self, indicators: dict[str, Indicator], plans: list[IndicatorPlan]
    ) -> None:
        """Name each component's total, unless the coordinator has set one."""
        linked = []
        for plan in plans:
            component = indicators[plan.identifier]
            if plan.component_of and component.component_of_id is None:
                component.component_of = indicators[plan.component_of]
                linked.append(component)
        Indicator.objects.bulk_update(linked, ["component_of"])

    def _indicators(
        self, goals: dict[str, GoalNode], actions: dict[str, Action], plans: list[IndicatorPlan]
    ) -> None:
        identifiers = [p.identifier for p in plans]
        existing = {i.identifier: i for i in Indicator.objects.filter(identifier__in=identifiers)}
        new_plans = [p for p in plans if p.identifier not in existing]
        new = [
            Indicator(
                identifier=plan.identifier,
                name=plan.name,
                description=plan.text.description,
                unit=plan.text.unit,
                direction=plan.text.direction,
                decimals=plan.text.decimals,
                source=plan.text.source,
                source_url=plan.text.source_url,
                baseline_year=plan.text.baseline_year,
                baseline_value=plan.baseline_value,
                is_featured=plan.identifier in FEATURED_INDICATORS,
                order=order,
            )
            for order, plan in enumerate(plans, 1)
            if plan.identifier not in existing
        ]
        Indicator.objects.bulk_create(new)
        indicators = existing | {i.identifier: i for i in new}
        self._link_components(indicators, plans)

        rows: list = []
        for plan in new_plans:
            indicator = indicators[plan.identifier]
            rows += [
                Indicator.goals.through(indicator_id=indicator.pk, goalnode_id=goals[g].pk)
                for g in plan.text.goals
            ]
            rows += [
                Indicator.actions.through(indicator_id=indicator.pk, action_id=actions[a].pk)
                for a in plan.actions
            ]
            rows.append(
                Indicator.contact_persons.through(
                    indicator_id=indicator.pk, user_id=self.users[plan.text.contact].pk
                )
            )
            rows += [
                IndicatorTarget(indicator=indicator, year=year, value=value, note=note)
                for year, value, note in plan.text.targets
            ]
        with_values = set(
            IndicatorValue.objects.filter(indicator__identifier__in=identifiers)
            .values_list("indicator_id", flat=True)
            .distinct()
        )
        rows += [
            IndicatorValue(
                indicator=indicators[plan.identifier],
                date=day,
                value=value,
                entered_by=self.users[plan.text.contact],
            )
            for plan in plans
            if indicators[plan.identifier].pk not in with_values
            for day, value in plan.values
        ]
        for model in dict.fromkeys(type(row) for row in rows):
            model.objects.bulk_create([row for row in rows if type(row) is model])
        self.created += len(new) + len(rows)
