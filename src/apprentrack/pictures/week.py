"""The pictures of one week's summary: the burn-up chart and the map as of its last day, and its card. For
a summary of the week as it stood (as_known), the burn-up counts only the records logged by then too, so
the pictures never show what the figures beside them do not."""

from __future__ import annotations

from collections.abc import Mapping

from ..domain.counting import Timeline
from ..domain.programme import Registry
from ..figures.burnup import Burnup, burnup
from ..figures.weekly import Summary
from ..places.maps import NoMap
from .burnup import burnup_picture
from .card import card_picture
from .maps import map_picture
from .render import Picture

CARD = "card.png"  # the week's card on the site, beside its page


def picture_names(week: str) -> tuple[str, str]:
    """A week's burn-up and map as files beside its note or page: named for the week (2020-W11-burnup.png),
    so that the notes of many weeks share a folder."""
    return f"{week}-burnup.png", f"{week}-map.png"


def picture_label(week: str, name: str) -> str:
    """The label a week's PNG carries (render.labelled), by which a later run knows the file for its own."""
    return f"{week} {name}"


def week_burnup(registry: Registry, timelines: Mapping[str, Timeline], s: Summary) -> Burnup:
    """The burn-up up to the week's last day, of the records the summary counts."""
    if s.as_known:
        timelines = {slug: t.known_by(s.week_end) for slug, t in timelines.items()}
    return burnup(registry, timelines, s.week_end)


def chart_and_map(registry: Registry, b: Burnup, s: Summary) -> tuple[Picture, Picture | None, str | None]:
    """The burn-up (`b`: week_burnup) and the map; for a programme whose members are not places, no map,
    and why."""
    chart = burnup_picture(b, s.at_end)
    try:
        return chart, map_picture(registry, s.at_end), None
    except NoMap as exc:
        return chart, None, exc.why


def week_card(registry: Registry, timelines: Mapping[str, Timeline], s: Summary, square: bool = False) -> Picture:
    """The week's card alone (`summary --format card`, a post's alt text)."""
    return card_picture(s, week_burnup(registry, timelines, s), square)
