"""A monitoring report's content: plain data, the same whether live or frozen.

``build(report, today)`` gathers everything the report page shows into a dictionary of
strings, numbers and lists (lists wherever order matters: PostgreSQL's ``jsonb`` keeps
no order of keys), written in the report's own language: figures already rounded and
formatted, statuses and verdicts as their stable codes (the page labels them). The page
renders nothing else, so a live report and a frozen one (whose dictionary is stored in
``MonitoringReport.snapshot``) are the same page, and a frozen one cannot change when
the actions, the values or the structure do, or when a later migration renames a field:
it no longer reads them.

It holds no names of people and no internal notes: a council report is a public
document. Who answers for an action is its responsible unit.
"""

from __future__ import annotations

from datetime import date

from django.utils import formats, timezone, translation

from indicators.formatting import in_unit, number, period_label, rate
from indicators.headline import Headline
from indicators.models import Indicator
from programmes import bottlenecks
from programmes.changes import collect_changes, group_by_kind
from programmes.choices import ActionStatus, BottleneckCategory
from programmes.dashboard import Overview
from programmes.ladder import Rung
from programmes.pages import ActionRow

VERSION = 1
CATEGORIES = dict(BottleneckCategory.choices)


def named(obj) -> dict[str, str]:
    """``obj``'s name in the report's language, and the language it is in (``trlang``)."""
    name = obj.translated("name")
    return {"name": str(name), "name_lang": name.lang}


def build(report, today: date | None = None) -> dict:
    """The content of ``report`` as of ``today``, in the report's language."""
    today = today or timezone.localdate()
    with translation.override(report.language):
        overview = Overview.build(report.programme, today, with_series=True)
        found = bottlenecks.find(report.programme, today)
        return {
            "version": VERSION,
            "as_of": today.isoformat(),
            "as_of_text": formats.date_format(today, "SHORT_DATE_FORMAT"),
            "title": report.title,
            "introduction": report.introduction,
            "programme": {
                **named(report.programme),
                "period": f"{report.programme.start_year}–{report.programme.end_year}",
            },
            "period": {
                "start": report.period_start.isoformat(),
                "end": report.period_end.isoformat(),
                "text": _period_text(report.period_start, report.period_end),
            },
            "totals": _totals(overview),
            "goals": _goals(overview),
            "key_actions": [_action(row) for row in overview.key_rows],
            "indicators": [_indicator(indicator) for indicator in overview.indicators],
            "bottlenecks": _bottlenecks(found),
            "changes": _changes(report),
            "statuses": statuses_of(overview.ladder.actions),
            "verdicts": verdicts_of(overview.indicators),
        }


def _period_text(start: date, end: date) -> str:
    return (
        f"{formats.date_format(start, 'SHORT_DATE_FORMAT')}–"
        f"{formats.date_format(end, 'SHORT_DATE_FORMAT')}"
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{number(value, 0)}\u00a0%"


def _in_order(counts: dict[str, int]) -> list[dict]:
    """The statuses that occur, in the statuses' own order. A list, not a mapping: a
    PostgreSQL ``jsonb`` column keeps no order of keys."""
    return [
        {"status": status, "count": counts[status]}
        for status in ActionStatus.values
        if counts.get(status)
    ]


def _totals(overview: Overview) -> dict:
    rollup = overview.ladder.overall
    return {
        "progress": _percent(rollup.progress),
        "actions": rollup.action_count,
        "status_counts": _in_order(rollup.status_counts),
        "late": overview.late_count,
        "stale": overview.stale_count,
        "blocked": overview.blocked_count,
        "off_track": overview.off_track_count,
        "indicators": len(overview.indicators),
    }


def _goals(overview: Overview) -> list[dict]:
    """Each main goal with its headline, and the paths beneath it."""
    headlines = {rung.goal.pk: headline for rung, headline in overview.goal_headlines}
    row_of = {row.action.pk: row for row in overview.rows}
    goals = []
    for rung in overview.ladder.top:
        entry = _rung(rung, row_of)
        entry["headline"] = _headline(headlines.get(rung.goal.pk))
        entry["paths"] = [_rung(below, row_of) for below in rung.below]
        goals.append(entry)
    return goals


def _rung(rung: Rung, row_of: dict[int, ActionRow]) -> dict:
    rows = [row_of[action.pk] for action in rung.all_actions if action.pk in row_of]
    outcomes = rung.outcomes
    return {
        "id": rung.goal.pk,
        "identifier": rung.goal.identifier,
        **named(rung.goal),
        "level": str(rung.goal.level.translated("name")),
        "progress": _percent(rung.rollup.progress if rung.rollup else None),
        "actions": len(rows),
        "status_counts": _in_order(rung.rollup.status_counts) if rung.rollup else [],
        "late": sum(row.late for row in rows),
        "stale": sum(row.stale for row in rows),
        "blocked": sum(row.blocked for row in rows),
        "verdict_counts": [
            {"kind": kind, "count": count}
            for kind, _label, count in (outcomes.counts if outcomes else [])
            if count
        ],
    }


def _headline(headline: Headline | None) -> dict | None:
    if headline is None:
        return None
    final = headline.final
    indicator = headline.indicator
    return {
        "indicator": str(indicator.translated("name")),
        "verdict": headline.verdict.kind,
        "latest": headline.latest_text,
        "latest_period": headline.latest.label if headline.latest else "",
        "gap": headline.gap_text if headline.gap is not None else "",
        "gap_percent": headline.gap_percent_text,
        "behind": headline.is_behind,
        "on_path": headline.is_on_path,
        "rate": headline.rate_since_baseline_text
        if headline.verdict.actual_rate is not None
        else "",
        "targets": [
            {
                "label": target.target.label,
                "value": target.value_text,
                "achieved": target.achieved,
                "reached": target.reached_text if target.reached else "",
                "needed_rate": target.needed_rate_text if target.is_ahead else "",
                "year_at_pace": target.year_at_pace,
            }
            for target in headline.targets
        ],
        "final_year": final.target.label if final else "",
        "final_year_at_pace": final.year_at_pace if final and final.is_ahead else None,
        "final_ahead": bool(final and final.is_ahead),
    }


def _action(row: ActionRow) -> dict:
    action = row.action
    update = action.latest_update
    unit = action.primary_unit
    return {
        "id": action.pk,
        "identifier": action.identifier,
        **named(action),
        "status": action.status,
        "completion": action.completion_percent,
        "unit": str(unit.translated("name")) if unit else "",
        "end_date": formats.date_format(action.end_date, "SHORT_DATE_FORMAT")
        if action.end_date
        else "",
        "late": row.late,
        "stale": row.stale,
        "blocked": row.blocked,
        "updated": formats.date_format(timezone.localdate(update.created_at), "SHORT_DATE_FORMAT")
        if update
        else "",
        "done": update.done if update else "",
        "next_steps": update.next_steps if update else "",
    }


def _indicator(indicator: Indicator) -> dict:
    verdict = indicator.verdict
    latest = indicator.latest_value
    baseline = verdict.baseline
    target = verdict.target
    explained = ""
    if verdict.required_rate is not None and verdict.kind != "achieved":
        explained = {
            "needed": rate(verdict, "required", indicator),
            "achieving": rate(verdict, "actual", indicator),
        }
    return {
        "id": indicator.pk,
        "identifier": indicator.identifier,
        **named(indicator),
        "baseline": f"{in_unit(baseline.value, indicator)} ({baseline.label})" if baseline else "",
        "latest": f"{in_unit(latest.value, indicator)} ({period_label(latest.date, indicator)})"
        if latest
        else "",
        "target": f"{in_unit(target.value, indicator)} ({target.label})" if target else "",
        "verdict": verdict.kind,
        "rates": explained,
    }


def _bottlenecks(found: bottlenecks.Findings) -> dict:
    def action(row: ActionRow, **extra) -> dict:
        unit = row.action.primary_unit
        return {
            "id": row.action.pk,
            "identifier": row.action.identifier,
            **named(row.action),
            "unit": str(unit.translated("name")) if unit else "",
            **extra,
        }

    return {
        "late": [action(row, days_late=row.days_late) for row in found.late],
        "blocked": [
            action(
                item.row,
                category=str(CATEGORIES.get(category, category)),
                text=item.row.action.latest_update.bottleneck
                if item.row.action.latest_update
                else "",
                days_open=item.days_open,
            )
            for category, items in found.blocked.items()
            for item in items
        ],
        "stale": len(found.stale),
        "off_track": [
            {
                "id": item.indicator.pk,
                "identifier": item.indicator.identifier,
                **named(item.indicator),
                "verdict": item.indicator.verdict.kind,
            }
            for item in found.off_track
        ],
    }


def _changes(report) -> list[dict]:
    changes = [
        change.for_reader(names=False, internal_notes=False)
        for change in collect_changes(report.programme, report.period_start, report.period_end)
    ]
    return [
        {
            "kind": kind,
            "heading": heading,
            "items": [
                {
                    "date": formats.date_format(
                        timezone.localtime(change.when), "SHORT_DATE_FORMAT"
                    ),
                    "subject": change.subject_label,
                    "detail": change.detail,
                    "unit": change.unit,
                    "note": change.note,
                }
                for change in items
            ],
        }
        for kind, heading, items in group_by_kind(changes)
        if items
    ]


def statuses_of(actions) -> dict[str, dict]:
    """Each action's status by its id: what a comparison with a handled report reads."""
    return {
        str(a.pk): {"identifier": a.identifier, "name": a.name, "status": a.status} for a in actions
    }


def verdicts_of(indicators) -> dict[str, dict]:
    """Each indicator's verdict by its id (the indicators with their stored verdicts)."""
    return {
        str(i.pk): {"identifier": i.identifier, "name": i.name, "kind": i.verdict_summary.kind}
        for i in indicators
    }
