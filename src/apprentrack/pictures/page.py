"""HTML pages: the weekly summary, the archive's index of every week, and a page for one picture.
Self-contained and pasteable: styles inline, pictures as PNG images (a data: URI, or a file beside the page
on the site: inline SVG does not survive a paste into a rich-text editor), no script, no request to any
other host. Semantic tables (captions, header cells with their scope), one h1 a page, alt text on every
picture, and colours that meet WCAG 2 AA (PALETTE: tests/cli/test_site.py computes their contrast).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..domain.dates import long_date
from ..figures.weekly import Summary
from ..output.summary import days, figures, footnote, headline, most_new_hires, other_boroughs, title
from ..output.tables import number
from .render import CHARTS_EXTRA, Picture, png_size

INK, PAPER, QUIET, LINK = "#111111", "#ffffff", "#333333", "#0645ad"
FRAME = "#767676"  # the frame of a card on the page
# (foreground, background, what, the least contrast WCAG 2 AA asks: 4.5:1 for text, 3:1 for graphics)
PALETTE = [
    (INK, PAPER, "the pages' text", 4.5),
    (QUIET, PAPER, "notes and captions", 4.5),
    (LINK, PAPER, "links", 4.5),
    (FRAME, PAPER, "a card's frame", 3.0),
]

STYLE = f"""
body {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: {INK};
       background: {PAPER}; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }}
a {{ color: {LINK}; }}
h1 {{ font-size: 1.6rem; margin-bottom: .3rem; }}
h2 {{ font-size: 1.2rem; margin-top: 2rem; }}
table {{ border-collapse: collapse; margin: .8rem 0; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: .3rem; }}
th, td {{ border-bottom: 1px solid #bbb; padding: .3rem .9rem .3rem 0; text-align: left; vertical-align: top; }}
td.n, th.n {{ text-align: right; }}
thead th {{ border-bottom: 2px solid {INK}; }}
tfoot th, tfoot td {{ border-top: 2px solid {INK}; font-weight: bold; }}
figure {{ margin: 1.5rem 0; }}
figure img {{ max-width: 100%; height: auto; }}
img.card {{ border: 1px solid {FRAME}; }}
figcaption, .note {{ font-size: .9rem; color: {QUIET}; }}
nav ul {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1.2rem; }}
@media print {{
  body {{ margin: 0; max-width: none; }}
  figure, table {{ break-inside: avoid; }}
  nav {{ display: none; }}
}}
"""


@dataclass(frozen=True)
class Image:
    """A picture on a page: its source (a data: URI, or a file beside the page), its alt text (what the
    picture shows, in words), a caption, and its size in CSS pixels."""

    src: str
    alt: str
    caption: str
    width: int
    height: int
    framed: bool = False  # a card: a picture with a white ground of its own, framed on the page


def image(
    png: bytes, picture: Picture, caption: str, src: str | None = None, scale: int = 2, framed: bool = False
) -> Image:
    """A PNG drawn at `scale` as a page's picture: in the page as a data: URI, or `src`, a file beside it."""
    width, height = png_size(png)
    uri = src or "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return Image(uri, picture.desc, caption, width // scale, height // scale, framed)


Link = tuple[str, str]  # (href, text): a link to a page or file beside this one


def _document(heading: str, body: list[str], nav: Sequence[Link] = ()) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(heading)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            *([f'<nav aria-label="Weeks">{_links(nav)}</nav>'] if nav else []),
            "<main>",
            f"<h1>{escape(heading)}</h1>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _figure(picture: Image) -> str:
    size = f'width="{picture.width}" height="{picture.height}"'
    card = ' class="card"' if picture.framed else ""
    return (
        f'<figure>\n<img src="{escape(picture.src)}" alt="{escape(picture.alt)}"{card} {size}>\n'
        f"<figcaption>{escape(picture.caption)}</figcaption>\n</figure>"
    )


def _links(links: Sequence[Link]) -> str:
    return "<ul>" + "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links) + "</ul>"


def picture_page(picture: Picture, png: bytes) -> str:
    """A self-contained HTML page with the picture as a PNG image in it (no script)."""
    return _document(picture.title, [_figure(image(png, picture, picture.credit or picture.desc))])


def summary_page(
    s: Summary,
    chart: Image | None = None,
    map: Image | None = None,
    nav: Sequence[Link] = (),
    files: Sequence[Link] = (),
    no_map: str | None = None,
) -> str:
    """The week's summary as a page: the same content as the Markdown, with the burn-up chart and the map
    when given (they need the charts extra; the page says so when they are missing); on the site, `nav`
    (the weeks around it) and `files` (the week's note, card and data); `no_map`, why a programme has
    none (its members are not places)."""
    e = s.at_end
    noun = e.noun
    members = [r for r in s.boroughs if r.member]
    body = [f"<p>{headline(s, lambda text: f'<strong>{escape(text)}</strong>')}</p>"]
    body += [
        "<table>",
        "<caption>Where the programme stands</caption>",
        "<tbody>",
        *(f'<tr><th scope="row">{escape(label)}</th><td>{escape(value)}</td></tr>' for label, value in figures(s)),
        "</tbody>",
        "</table>",
    ]
    if chart:
        body.append(_figure(chart))
    body += [
        f"<h2>New hires by {escape(noun.one)}</h2>",
        "<table>",
        f"<caption>Member {escape(noun.many)}: hires that started this week, and the counted total</caption>",
        f'<thead><tr><th scope="col">{escape(noun.One)}</th><th scope="col" class="n">New this week</th>'
        '<th scope="col" class="n">Counted</th></tr></thead>',
        "<tbody>",
        *(
            f'<tr><th scope="row">{escape(r.name)}</th><td class="n">{r.new_this_week}</td>'
            f'<td class="n">{r.counted}</td></tr>'
            for r in members
        ),
        "</tbody>",
        f'<tfoot><tr><th scope="row">Total</th><td class="n">{sum(r.new_this_week for r in members)}</td>'
        f'<td class="n">{e.counted}</td></tr></tfoot>',
        "</table>",
        f"<p>{escape(most_new_hires(s))}</p>",
    ]
    others = other_boroughs(s)
    if others:
        body.append(f"<p>{escape(others)}</p>")
    if map:
        body.append(_figure(map))
    elif no_map is not None:
        body.append(f'<p class="note">No map: {escape(no_map)}.</p>')
    if s.roles:
        body += [
            "<h2>By role</h2>",
            "<table>",
            f"<caption>Member {escape(noun.many)}' counted hires by role</caption>",
            '<thead><tr><th scope="col">Role</th><th scope="col" class="n">Counted</th></tr></thead>',
            "<tbody>",
            *(f'<tr><th scope="row">{escape(g.label)}</th><td class="n">{g.counted}</td></tr>' for g in s.roles),
            "</tbody>",
            "</table>",
        ]
    if not (chart and (map or no_map)):
        body.append(f'<p class="note">The chart and the map need the charts extra: {escape(CHARTS_EXTRA)}.</p>')
    body.append(f'<p class="note"><em>{escape(footnote(s))}</em></p>')
    if files:
        body += ["<h2>This week's files</h2>", _links(files)]
    return _document(title(s), body, nav)


def chart_caption(s: Summary) -> str:
    return f"Burn-up: the counted total against the target, as of {long_date(s.week_end)}."


def map_caption(s: Summary, credit: str) -> str:
    return f"The member {s.at_end.noun.many} and their counts, as of {long_date(s.week_end)}. {credit}."


def index_page(programme: str, weeks: Sequence[Summary], card: Image | None = None) -> str:
    """The archive's front page: the latest week (its card, when drawn) and every week, newest first, each
    with its headline figure, linked to its page (weekly/2020-W11/index.html)."""
    heading = f"{programme}: every week"
    if not weeks:
        return _document(heading, ["<p>No week of the programme has ended yet.</p>"])
    newest = weeks[-1]
    e = newest.at_end
    latest = f"weekly/{newest.week}/index.html"
    body = [
        "<h2>The latest week</h2>",
        f'<p><a href="{latest}">{escape(f"Week {newest.week} ({days(newest)})")}</a>: '
        f"{headline(newest, lambda text: f'<strong>{escape(text)}</strong>')}</p>",
    ]
    if card:
        body.append(_figure(card))
    rows = [
        f'<tr><th scope="row"><a href="weekly/{w.week}/index.html">{w.week}</a></th><td>{escape(days(w))}</td>'
        f'<td class="n">{w.at_end.counted} of {w.at_end.target} ({number(w.at_end.percent)}%)</td>'
        f'<td class="n">{w.new_this_week}</td><td class="n">{w.change:+d}</td></tr>'
        for w in reversed(weeks)
    ]
    body += [
        "<h2>Every week</h2>",
        "<table>",
        "<caption>Each week as it stood at its end, newest first</caption>",
        '<thead><tr><th scope="col">Week</th><th scope="col">Days</th><th scope="col" class="n">Counted</th>'
        '<th scope="col" class="n">New this week</th><th scope="col" class="n">Change</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        f'<p class="note"><em>Each week counts the records logged by its last day, so a hire logged late '
        f"changes no week already published: the next week says so. Counts only, no individual records. "
        f"Target: {e.target} by {escape(long_date(e.deadline))}.</em></p>",
    ]
    return _document(heading, body)
