"""The archive: every week of the programme as a website, each week as it stood at its end.

    OUT/index.html              the latest week (its card) and every week, newest first, with its figure
    OUT/weeks.json              the same list for programs (and the mark of a site apprentrack built)
    OUT/weekly/2020-W11/        index.html (the page), note.md and note.txt (the weeknote, Markdown and
                                text), summary.json, 2020-W11-burnup.png, 2020-W11-map.png, card.png and
                                card.png.txt (its alt text)

A week counts the records logged by its last day (weekly(..., as_known=True)), so a hire logged late
changes no page already published, and the next week's page says it was logged late. The weeks run from
the programme's start to its deadline, and on while records still change (a start, or a day a record was
logged), up to the last week that has ended. Each week's pictures are rendered once: the page and the note
show the same files. The site is built in a folder beside OUT and put in its place whole, so a build
stopped half way leaves OUT as it was. Nothing refers to another host.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from .. import __version__
from ..domain.counting import Timeline
from ..domain.dates import last_complete_week, week_of
from ..domain.errors import UsageError
from ..domain.programme import Registry
from ..domain.record import Record
from ..figures.weekly import Summary, weekly
from ..output.formats import to_json
from ..output.sentences import plain
from ..output.summary import data, markdown
from ..pictures.card import card_picture
from ..pictures.page import Image, Link, chart_caption, image, index_page, map_caption, summary_page
from ..pictures.render import CHARTS_EXTRA, Picture, available, labelled, to_png
from ..pictures.week import CARD, chart_and_map, picture_label, picture_names, week_burnup

MARK = "apprentrack_site"  # the key in weeks.json that says apprentrack built the folder


@dataclass(frozen=True)
class Built:
    weeks: int
    first: str | None
    last: str | None
    pictures: int  # PNG files rendered
    seconds: float

    def summary(self) -> str:
        if not self.weeks:
            return "no week of the programme has ended yet: an index page only"
        drawn = f", {self.pictures} pictures" if self.pictures else ", no pictures"
        return f"{self.weeks} weeks ({self.first} to {self.last}){drawn}, in {self.seconds:.0f} s"


def weeks_of(registry: Registry, records: Mapping[str, list[Record]], today: date) -> list[date]:
    """The Mondays of the weeks the site holds: from the programme's start to its deadline, or to the last
    day a record changed (a start, or the day it was logged) if later; never a week not yet over."""
    programme = registry.programme
    changed = [d for found in records.values() for r in found for d in (r.start_date, r.known_from) if d <= today]
    last = min(week_of(max(programme.deadline, *changed)), last_complete_week(today))
    first = week_of(programme.start)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)] if last >= first else []


def published(
    registry: Registry, records: Mapping[str, list[Record]], monday: date, today: date, window: int | None
) -> Summary:
    """A week as the site publishes it: as it stood at its end, counting only the records logged by then."""
    return weekly(registry, records, monday, today, window, as_known=True)


def build(
    registry: Registry,
    records: Mapping[str, list[Record]],
    timelines: Mapping[str, Timeline],
    today: date,
    out: Path,
    window: int | None = None,
    said: Callable[[str], None] = lambda line: None,
) -> Built:
    """Build the site into `out` (a new or empty folder, or a site built before); `said` hears progress."""
    began = time.perf_counter()
    out = out.absolute()  # "." and "site/" have a name and a parent to build beside
    _check_out(out)
    summaries = [published(registry, records, monday, today, window) for monday in weeks_of(registry, records, today)]
    drawing = available()
    if not drawing:
        said(f"Note: the pages have no pictures; they need the charts extra: {CHARTS_EXTRA}")
    if summaries:
        said(
            f"Building {len(summaries)} weeks, {summaries[0].week} to {summaries[-1].week}, each as it stood at its end"
        )
    folder = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        pictures = _write(folder, registry, timelines, summaries, drawing)
        _replace(folder, out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    first, last = (summaries[0].week, summaries[-1].week) if summaries else (None, None)
    return Built(len(summaries), first, last, pictures, time.perf_counter() - began)


def _write(
    folder: Path, registry: Registry, timelines: Mapping[str, Timeline], summaries: list[Summary], drawing: bool
) -> int:
    """Every week's folder, the index and weeks.json, into `folder`; how many pictures were rendered."""
    rendered = 0
    card: Image | None = None
    for i, s in enumerate(summaries):
        nav = _nav(summaries, i)
        card, drawn = _week(folder / "weekly" / s.week, registry, timelines, s, nav, drawing)
        rendered += drawn
    folder.mkdir(parents=True, exist_ok=True)
    if card is not None:  # the latest week's card, on the index: the file beside its page
        card = replace(card, src=f"weekly/{summaries[-1].week}/{CARD}")
    (folder / "index.html").write_text(index_page(registry.programme.name, summaries, card), encoding="utf-8")
    (folder / "weeks.json").write_text(to_json(_weeks_data(registry, summaries)) + "\n", encoding="utf-8")
    return rendered


def _week(
    folder: Path,
    registry: Registry,
    timelines: Mapping[str, Timeline],
    s: Summary,
    nav: list[Link],
    drawing: bool,
) -> tuple[Image | None, int]:
    """One week's folder: its page, notes, data, pictures and card. Returns the card and the pictures drawn."""
    folder.mkdir(parents=True)
    files: list[Link] = [("note.md", "The weeknote (Markdown)"), ("note.txt", "The weeknote (text)")]
    files.append(("summary.json", "The figures (JSON)"))
    chart = place = card = None
    no_map: str | None = None
    chart_name, map_name = picture_names(s.week)
    names: tuple[str, str | None] = (chart_name, map_name)
    if drawing:
        b = week_burnup(registry, timelines, s)  # once, for the chart and the card
        chart_picture, map_picture, no_map = chart_and_map(registry, b, s)
        chart = _drawn(folder, s, chart_name, chart_picture, chart_caption(s))
        if map_picture is None:
            names = (chart_name, None)
        else:
            place = _drawn(folder, s, map_name, map_picture, map_caption(s, map_picture.credit))
        drawn = card_picture(s, b)
        png = to_png(drawn, scale=1)
        (folder / CARD).write_bytes(labelled(png, picture_label(s.week, "card")))
        (folder / f"{CARD}.txt").write_text(drawn.desc + "\n", encoding="utf-8")
        card = image(png, drawn, f"The card for social media: {s.week}.", CARD, scale=1, framed=True)
        files += [(CARD, "The card for social media (PNG)"), (f"{CARD}.txt", "The card's alt text")]
    (folder / "index.html").write_text(summary_page(s, chart, place, nav, files, no_map), encoding="utf-8")
    (folder / "note.md").write_text(markdown(s, names if drawing else None), encoding="utf-8")
    (folder / "note.txt").write_text(plain(s), encoding="utf-8")
    (folder / "summary.json").write_text(to_json(data(s)) + "\n", encoding="utf-8")
    return card, (3 if place else 2) if drawing else 0


def _drawn(folder: Path, s: Summary, name: str, picture: Picture, caption: str) -> Image:
    """The picture rendered once, as a file beside the page (labelled as `summary -o` labels it)."""
    png = to_png(picture)
    (folder / name).write_bytes(labelled(png, picture_label(s.week, name)))
    return image(png, picture, caption, name)


def _nav(summaries: list[Summary], i: int) -> list[Link]:
    """The links from a week's page: the week before, every week, the week after."""
    links = [(f"../{summaries[i - 1].week}/index.html", f"Week before: {summaries[i - 1].week}")] if i else []
    links.append(("../../index.html", "Every week"))
    if i + 1 < len(summaries):
        links.append((f"../{summaries[i + 1].week}/index.html", f"Week after: {summaries[i + 1].week}"))
    return links


def _weeks_data(registry: Registry, summaries: list[Summary]) -> dict[str, object]:
    return {
        MARK: 1,
        "version": __version__,
        "programme": registry.programme.name,
        "weeks": [
            {
                "week": s.week,
                "week_start": s.week_start,
                "week_end": s.week_end,
                "counted": s.at_end.counted,
                "target": s.at_end.target,
                "new_this_week": s.new_this_week,
                "change": s.change,
                "logged_late": s.logged_late,
                "verdict": s.at_end.verdict.value,
                "page": f"weekly/{s.week}/index.html",
            }
            for s in reversed(summaries)
        ],
    }


def _check_out(out: Path) -> None:
    """OUT may be new, an empty folder, or a site apprentrack built (its weeks.json says so): never a folder
    of other files, which the build would replace."""
    if Path.cwd().resolve().is_relative_to(out.resolve()):
        raise UsageError(f"OUT: '{out}' holds the folder you are in; build the site in a folder of its own (_site)")
    if not out.exists():
        if not out.parent.is_dir():
            raise UsageError(f"OUT: there is no folder '{out.parent}'")
        return
    if not out.is_dir() or out.is_symlink():
        raise UsageError(f"OUT: '{out}' is not a folder; give a new or empty folder, or a site built before")
    if not any(out.iterdir()):
        return
    try:
        ours = json.loads((out / "weeks.json").read_text(encoding="utf-8")).get(MARK) == 1
    except (OSError, ValueError, AttributeError):
        ours = False
    if not ours:
        raise UsageError(
            f"OUT: '{out}' holds files that are not a site apprentrack built; give a new or empty folder "
            "(nothing was written)"
        )


def _replace(built: Path, out: Path) -> None:
    """Put the built folder where OUT is, whole: the old site moved aside, the new one in, the old removed."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        if out.exists():
            os.replace(out, old)
        try:
            os.replace(built, out)
        except OSError:
            if old.exists():
                os.replace(old, out)
            raise
    except OSError as exc:
        raise UsageError(f"OUT: could not put the site in '{out}' ({exc.strerror}); it is as it was") from None
    shutil.rmtree(old, ignore_errors=True)
