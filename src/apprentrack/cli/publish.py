"""Commands that publish: post (the week's summary to a chat service) and site (every week, as a website)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import command, say
from .options import AsKnownOption, WeekOption, WindowOption, data_dir, option, window_weeks
from .output import deliver
from .reports import week_summary


@command(
    short="Post the week's summary to Slack, Teams or Basecamp.",
    examples=[
        "apprentrack post --to slack --week 2020-W11 --dry-run",
        "apprentrack post --to teams --site-url https://loti.github.io/apprentrack/",
    ],
)
def post(
    ctx: typer.Context,
    to: Annotated[
        str, typer.Option("--to", metavar="[slack|teams|basecamp]", help="The chat service the webhook is of.")
    ],
    week: WeekOption = None,
    as_known: AsKnownOption = False,
    window: WindowOption = None,
    site_url: Annotated[
        str | None,
        typer.Option(
            "--site-url",
            metavar="URL",
            help="Where the site `apprentrack site` built is published: links to the week's page and card.",
        ),
    ] = None,
    url_file: Annotated[
        Path | None,
        typer.Option(
            "--url-file", metavar="FILE", help="A file holding the webhook URL [default: APPRENTRACK_WEBHOOK_URL]."
        ),
    ] = None,
    timeout: Annotated[
        str, typer.Option(metavar="SECONDS", help="How long to wait for the service to answer, 0.1 to 120.")
    ] = "10",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the payload; post nothing.")] = False,
) -> None:
    """Post the week's summary to Slack, Microsoft Teams or Basecamp through a webhook.

    The webhook's URL is a secret: read from APPRENTRACK_WEBHOOK_URL or --url-file, never shown (a message names
    its host). A webhook has no idempotency key: a post is sent again once, only where it cannot have arrived.
    """
    import os

    from ..domain.parsing import decimal_number
    from ..output.formats import to_json
    from ..publish.chat import NAMES, PAYLOADS, Links, Service, site_address, site_links
    from ..publish.webhook import post as send
    from ..publish.webhook import read_webhook

    service = option("--to", Service.parse, to)
    seconds = option("--timeout", lambda text: decimal_number(text, 0.1, 120), timeout)
    site = option("--site-url", site_address, site_url)
    hook = None if dry_run else read_webhook(dict(os.environ), url_file)  # before any work: is there one?
    dataset, s = week_summary(ctx, week, None, window, as_known)
    links = Links()
    if site and s.complete:
        from ..domain.dates import today
        from ..pictures.week import week_card
        from ..publish.site import published

        on_site = published(dataset.registry, dataset.by_borough(), s.week_start, today(), window_weeks(window))
        links = site_links(site, s.week, week_card(dataset.registry, dataset.timelines(), on_site).desc)  # its card
    elif site:
        say(f"Note: no links: the site has a page for a week once it is over, and {s.week} is not", err=True)
    payload = PAYLOADS[service](s, links)
    if hook is None:
        deliver(to_json(payload) + "\n", None, "json")
        say(f"Dry run: nothing was posted (the payload {NAMES[service]} would get is above).", err=True)
        return
    posted = send(hook, payload, seconds, NAMES[service])
    retried = ", after one retry" if posted.attempts > 1 else ""
    say(f"Posted week {s.week} to {NAMES[service]}: {hook.host} answered {posted.status} {posted.reason}{retried}.")


@command(
    short="Build every week's summary as a website, with an index.",
    examples=["apprentrack site _site"],
)
def site(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Argument(metavar="OUT", help="The folder to build it in: new, empty, or a site built before.")
    ],
    window: WindowOption = None,
) -> None:
    """Every week of the programme as a website: weekly/2020-W11/ (page, note, pictures, card) and an index.

    Each week as it stood at its end (the records logged by then), from the programme's start to its deadline
    and on while records change, up to the last week that has ended. No request to any other host.
    """
    from ..domain.dates import today
    from ..publish.site import build

    dataset = data_dir(ctx).load_valid()
    built = build(dataset.registry, dataset.by_borough(), dataset.timelines(), today(), out, window_weeks(window),
                  lambda line: say(line, err=True))  # fmt: skip
    say(f"Built {out}: {built.summary()}")
