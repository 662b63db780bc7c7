"""The week's summary as each chat service takes it: Slack's Block Kit (an incoming webhook), an Adaptive
Card for a Microsoft Teams workflow webhook, and a Basecamp chatbot line (`content` in the rich text
Basecamp accepts). The same sentences as `summary --format text` (output/sentences.py); with the site's
address, links to the week's page and its card, which Slack and Teams show as a picture.
Public: counts and borough names only, as the summary is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from ..domain.words import Word
from ..figures.weekly import Summary
from ..output.sentences import sentences


class Service(Word):
    slack = "slack"
    teams = "teams"
    basecamp = "basecamp"


NAMES = {Service.slack: "Slack", Service.teams: "Microsoft Teams", Service.basecamp: "Basecamp"}


@dataclass(frozen=True)
class Links:
    """Where the week is on the published site: its page and its card (None: not linked)."""

    page: str | None = None
    card: str | None = None
    card_alt: str = ""


def site_links(site: str, week: str, card_alt: str) -> Links:
    """The week's page and card on a site built by `apprentrack site` and published at `site`."""
    base = f"{site.rstrip('/')}/weekly/{week}/"
    return Links(base, base + "card.png", card_alt)


def slack(s: Summary, links: Links = Links()) -> dict[str, Any]:
    """Block Kit: a header, the headline in bold, the points, the card, the note with the page's link."""
    said = sentences(s)
    points = "\n".join(f"• {_mrkdwn(point)}" for point in said.points)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(said.title, 150)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{_mrkdwn(said.headline)}*"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": _cut(points, 3000)}},
    ]
    if links.card:
        blocks.append({"type": "image", "image_url": links.card, "alt_text": _cut(links.card_alt, 2000)})
    note = _mrkdwn(said.note) + (f" <{links.page}|The week's page>" if links.page else "")
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    return {"text": f"{said.title}: {said.headline}", "blocks": blocks}


def teams(s: Summary, links: Links = Links()) -> dict[str, Any]:
    """A message with one Adaptive Card (version 1.4, which Teams renders), as a workflow webhook takes it."""
    said = sentences(s)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": said.title, "weight": "Bolder", "size": "Large", "wrap": True},
        {"type": "TextBlock", "text": said.headline, "weight": "Bolder", "wrap": True},
        *({"type": "TextBlock", "text": f"- {point}", "wrap": True, "spacing": "None"} for point in said.points),
    ]
    if links.card:
        body.append({"type": "Image", "url": links.card, "altText": links.card_alt, "size": "Stretch"})
    body.append({"type": "TextBlock", "text": said.note, "isSubtle": True, "size": "Small", "wrap": True})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",  # a name, never fetched
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if links.page:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "The week's page", "url": links.page}]
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
    return {"type": "message", "attachments": [attachment]}


def basecamp(s: Summary, links: Links = Links()) -> dict[str, Any]:
    """A chatbot line: `content` in Basecamp's rich text (strong, em, a list, a link), escaped."""
    said = sentences(s)
    items = "".join(f"<li>{escape(point)}</li>" for point in said.points)
    page = f' <a href="{escape(links.page)}">The week\'s page</a>' if links.page else ""
    card = f' <a href="{escape(links.card)}">The card</a>' if links.card else ""
    content = (
        f"<strong>{escape(said.title)}</strong><br>{escape(said.headline)}<ul>{items}</ul>"
        f"<em>{escape(said.note)}</em>{page}{card}"
    )
    return {"content": content}


PAYLOADS: dict[Service, Callable[[Summary, Links], dict[str, Any]]] = {
    Service.slack: slack,
    Service.teams: teams,
    Service.basecamp: basecamp,
}


def _mrkdwn(text: str) -> str:
    """Text as Slack's mrkdwn shows it literally: its three control characters (&, <, >) escaped."""
    return escape(text, quote=False)


def _cut(text: str, most: int) -> str:
    """Text within a field's limit (Slack refuses a block whose text is longer)."""
    return text if len(text) <= most else text[: most - 1] + "…"


def site_address(text: str) -> str:
    """The published site's address (--site-url): an http(s) URL with a host, ending in '/'."""
    from urllib.parse import urlsplit

    from ..domain.errors import InvalidValue

    parts = urlsplit(text.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise InvalidValue(f"'{text}' is not a site's address; write https://example.github.io/repository/")
    return text.strip().rstrip("/") + "/"
