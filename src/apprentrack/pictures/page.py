"""HTML pages: the weekly summary, and a page for one picture. Self-contained (styles inline, pictures as
inline SVG, no script, no request to any other host), semantic tables, and print-friendly.
"""

from __future__ import annotations

from html import escape

from ..domain.dates import long_date
from ..figures.weekly import Summary
from ..output.summary import figures, footnote, headline, most_new_hires, other_boroughs, title
from ..places.london import BOUNDARY_CREDIT
from .render import CHARTS_EXTRA, Picture, to_svg

STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #111;
       background: #fff; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .8rem 0; }
th, td { border-bottom: 1px solid #bbb; padding: .3rem .9rem .3rem 0; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
thead th { border-bottom: 2px solid #111; }
tfoot th, tfoot td { border-top: 2px solid #111; font-weight: bold; }
figure { margin: 1.5rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption, .note { font-size: .9rem; color: #333; }
@media print {
  body { margin: 0; max-width: none; }
  figure, table { break-inside: avoid; }
}
"""


def _document(heading: str, body: list[str]) -> str:
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
            "<main>",
            f"<h1>{escape(heading)}</h1>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _figure(svg: str, caption: str) -> str:
    """An SVG inline; its XML declaration, if any, dropped (it is not allowed inside HTML)."""
    inline = svg[svg.index("<svg") :]
    return f"<figure>\n{inline}\n<figcaption>{escape(caption)}</figcaption>\n</figure>"


def picture_page(picture: Picture) -> str:
    """A self-contained HTML page with the picture inline as SVG (no script)."""
    return _document(picture.title, [_figure(to_svg(picture), picture.desc)])


def summary_page(
    s: Summary,
    chart_svg: str | None = None,
    map_svg: str | None = None,
    map_credit: str = BOUNDARY_CREDIT,
    no_map: str | None = None,
) -> str:
    """The week's summary as a page: the same content as the Markdown, with the burn-up chart and the map
    inline when given (they need the charts extra; the page says so when they are missing), the map's
    credit under it; `no_map`, why a programme has none (its members are not places)."""
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
    if chart_svg:
        body.append(_figure(chart_svg, f"Burn-up: the counted total against the target, as of {_day(s)}."))
    body += [
        f"<h2>New hires by {escape(noun.one)}</h2>",
        "<table>",
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
    if map_svg:
        caption = f"The member {noun.many} and their counts, as of {_day(s)}. {map_credit}."
        body.append(_figure(map_svg, caption))
    elif no_map is not None:
        body.append(f'<p class="note">No map: {escape(no_map)}.</p>')
    if s.roles:
        body += [
            "<h2>By role</h2>",
            "<table>",
            '<thead><tr><th scope="col">Role</th><th scope="col" class="n">Counted</th></tr></thead>',
            "<tbody>",
            *(f'<tr><th scope="row">{escape(g.label)}</th><td class="n">{g.counted}</td></tr>' for g in s.roles),
            "</tbody>",
            "</table>",
        ]
    if not (chart_svg and (map_svg or no_map)):
        body.append(f'<p class="note">The chart and the map need the charts extra: {escape(CHARTS_EXTRA)}.</p>')
    body.append(f'<p class="note"><em>{escape(footnote(s))}</em></p>')
    return _document(title(s), body)


def _day(s: Summary) -> str:
    return long_date(s.week_end)
