"""The weekly summary in sentences: text that pastes anywhere (Medium, Basecamp, an e-mail, Teams), and the
words the card and the chat posts are made of. No table and no markup: a headline, a few points, a note.
The wording of each figure is the one the tables use (output/summary.py, output/status.py), so every
format says the same thing; a finished programme reads as its result."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.dates import long_date
from ..figures.weekly import Summary
from .status import forecast_rows, pace_rows, pipeline_rows
from .summary import footnote, headline, other_boroughs, reconciled, title


@dataclass(frozen=True)
class Sentences:
    title: str  # "LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)"
    headline: str  # the figure against the target, or the result once the deadline has passed
    points: list[str]  # one sentence each: the week's change, the pace, the forecast, the boroughs, the pipeline
    note: str  # what is counted, and the date of the data


def sentences(s: Summary) -> Sentences:
    e = s.at_end
    change = f"Change on the week before: {s.change:+d} ({reconciled(s)})."
    if e.final:  # the result, and what still changed: no pace, no forecast
        points = [change] if s.change else []
        points += [*_since_deadline(s), new_hires(s), *_others(s), *_pipeline(s)]
        return Sentences(title(s), result(s), points, footnote(s))
    points = [change, _joined(pace_rows(e, long_date))]
    if forecast := forecast_rows(e):
        points.append(_joined(forecast))
    points += [new_hires(s), *_pipeline(s), *_others(s)]
    return Sentences(title(s), headline(s), points, footnote(s))


def result(s: Summary) -> str:
    """The programme's result, once its deadline has passed: met (and when) or missed (by how many)."""
    e = s.at_end
    by_then = f"{e.counted_at_deadline} of {e.target} apprentices recruited by the deadline, {long_date(e.deadline)}"
    return f"Result: target {e.verdict_sentence(long_date)}, with {by_then}."


def new_hires(s: Summary) -> str:
    """The member boroughs with hires that started in the week, by name: never a row for each of the others."""
    hired = sorted((r for r in s.boroughs if r.member and r.new_this_week), key=lambda r: (-r.new_this_week, r.name))
    so_far = "" if s.complete else " so far"
    if not hired:
        return f"No new hires this week{so_far}."
    return f"New hires this week{so_far}: " + ", ".join(f"{r.name} {r.new_this_week}" for r in hired) + "."


def plain(s: Summary) -> str:
    """`summary --format text`: the title, the headline, a bullet line a point, the note."""
    said = sentences(s)
    return "\n".join([said.title, "", said.headline, "", *(f"- {p}" for p in said.points), "", said.note]) + "\n"


def _joined(rows: list[tuple[str, str]]) -> str:
    """Rows of a table as one sentence: "Remaining: 26 to go by ...; time left: 199 days (28.4 weeks)."."""
    parts = [f"{label if i == 0 else label.lower()}: {text}" for i, (label, text) in enumerate(rows)]
    return "; ".join(parts) + "."


def _pipeline(s: Summary) -> list[str]:
    rows = pipeline_rows(s.at_end)
    return [_joined(rows)] if rows else []


def _others(s: Summary) -> list[str]:
    others = other_boroughs(s)
    return [others] if others else []


def _since_deadline(s: Summary) -> list[str]:
    e = s.at_end
    later = e.counted - (e.counted_at_deadline or 0)
    if not later:
        return []
    return [f"Since the deadline: {later} more counted, {e.counted} in all."]
