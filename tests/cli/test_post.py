"""`apprentrack post`: the week's summary to Slack, Microsoft Teams or Basecamp. Each test runs a real
webhook service on 127.0.0.1 (http.server in a thread), scripted answer by answer, and checks what it was
sent and what the user is told. The webhook's URL is a secret: no output ever holds it.

The retry rule: a post is sent again once, only where it cannot have been delivered (the connection
failed; 429; 503), never after a request went out unanswered (a time-out) or another error (500)."""

from __future__ import annotations

import json
import re
import socket

import pytest
from webhook_service import HANG, SECRET, Service

import apprentrack.publish.webhook

W11 = ("post", "--week", "2020-W11")


@pytest.fixture
def service(monkeypatch):
    """Start a service with its answers; the webhook URL in APPRENTRACK_WEBHOOK_URL, as the workflow sets it."""
    started = []

    def start(*answers):
        started.append(Service(*answers))
        monkeypatch.setenv("APPRENTRACK_WEBHOOK_URL", started[-1].url)
        return started[-1]

    yield start
    for s in started:
        s.close()


def run(cli, *args, code=0):
    """Run post; check that nothing it printed holds the webhook's secret part."""
    result = cli(*args, code=code)
    assert SECRET not in result.stdout + result.stderr and "s3cr3t" not in result.stdout + result.stderr
    return result


OK = (200, {}, "ok")


def test_slack_gets_block_kit_with_the_week(cli, service):
    slack = service(OK)
    result = run(cli, *W11, "--to", "slack")
    assert result.stdout == "Posted week 2020-W11 to Slack: 127.0.0.1 answered 200 OK.\n"
    ((path, headers, payload),) = slack.requests
    assert path == SECRET and headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["User-Agent"].startswith("apprentrack/")
    assert [b["type"] for b in payload["blocks"]] == ["header", "section", "section", "context"]
    header, headline, points, note = payload["blocks"]
    assert header["text"] == {
        "type": "plain_text",
        "text": "LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)",
    }
    assert headline["text"] == {
        "type": "mrkdwn",
        "text": "*74 of 100 apprentices recruited (74%), 4 new this week. Verdict: On track.*",
    }
    assert "• New hires this week: Barking and Dagenham 1, Brent 1, Ealing 1, Southwark 1." in points["text"]["text"]
    assert note["elements"][0]["text"].startswith("Counts only, no individual records.")
    assert payload["text"].startswith("LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020): 74 of 100")


def test_teams_gets_an_adaptive_card_with_links_to_the_site(cli, service):
    teams = service((202, {}, ""))
    site = "https://loti.example.github.io/apprentrack/"
    result = run(cli, *W11, "--to", "teams", "--as-known", "--site-url", site)
    assert result.stdout == "Posted week 2020-W11 to Microsoft Teams: 127.0.0.1 answered 202 Accepted.\n"
    ((_, _, payload),) = teams.requests
    assert payload["type"] == "message"
    (attachment,) = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = attachment["content"]
    assert (content["type"], content["version"]) == ("AdaptiveCard", "1.4")
    kinds = [element["type"] for element in content["body"]]
    assert kinds[:2] == ["TextBlock", "TextBlock"] and kinds[-2:] == ["Image", "TextBlock"]
    image = content["body"][-2]
    assert image["url"] == f"{site}weekly/2020-W11/card.png"
    assert image["altText"].startswith("LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020). 73 of 100")
    assert content["actions"] == [
        {"type": "Action.OpenUrl", "title": "The week's page", "url": f"{site}weekly/2020-W11/"}
    ]


def test_the_linked_card_is_described_as_the_site_draws_it_whatever_the_post_counts(cli):
    """The site draws each week as it stood at its end; the image's alt text describes that card (73), even
    when the post itself counts the records logged since (74)."""
    result = run(cli, *W11, "--to", "slack", "--site-url", "https://loti.example.github.io/a/", "--dry-run")
    payload = json.loads(result.stdout)
    (image,) = [block for block in payload["blocks"] if block["type"] == "image"]
    assert image["alt_text"].startswith("LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020). 73 of 100")
    assert payload["text"].endswith("74 of 100 apprentices recruited (74%), 4 new this week. Verdict: On track.")


def test_basecamp_gets_content_in_its_rich_text(cli, service):
    basecamp = service((201, {}, ""))
    run(cli, *W11, "--to", "basecamp")
    ((_, _, payload),) = basecamp.requests
    assert list(payload) == ["content"]
    content = payload["content"]
    assert content.startswith("<strong>LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)</strong><br>")
    change = "+4 (70 last week; +3 started this week; +1 logged since the week ended)"
    assert f"<ul><li>Change on the week before: {change}.</li>" in content
    assert set(re.findall(r"</?(\w+)", content)) <= {"strong", "br", "ul", "li", "em", "a"}


def test_a_dry_run_prints_the_payload_and_posts_nothing(cli, service):
    slack = service()
    result = run(cli, *W11, "--to", "slack", "--dry-run")
    assert json.loads(result.stdout)["blocks"][0]["type"] == "header"
    assert "Dry run: nothing was posted" in result.stderr and slack.requests == []


def test_429_then_200_is_retried_once(cli, service):
    slack = service((429, {"Retry-After": "0"}, "rate_limited"), OK)
    result = run(cli, *W11, "--to", "slack")
    assert result.stdout == "Posted week 2020-W11 to Slack: 127.0.0.1 answered 200 OK, after one retry.\n"
    assert len(slack.requests) == 2 and slack.requests[0][2] == slack.requests[1][2]


def test_503_twice_is_not_posted(cli, service):
    slack = service((503, {"Retry-After": "0"}, "busy"), (503, {"Retry-After": "0"}, "still busy"))
    result = run(cli, *W11, "--to", "slack", code=3)
    assert "Error: Slack (127.0.0.1) answered 503 Service Unavailable: still busy (after one retry): nothing was " in (
        result.stderr
    )
    assert len(slack.requests) == 2


def test_500_then_200_is_not_retried_it_may_have_been_posted(cli, service):
    slack = service((500, {}, "rollup_error"), OK)
    result = run(cli, *W11, "--to", "slack", code=3)
    assert result.stderr == (
        "Error: Slack (127.0.0.1) answered 500 Internal Server Error: rollup_error: the message may or may not have "
        "been posted. It was not sent again (a webhook has no idempotency key): look in the channel before posting "
        "again\n"
    )
    assert len(slack.requests) == 1  # a webhook has no idempotency key: a second post could show twice


def test_404_says_what_the_service_said_and_to_check_the_url(cli, service):
    slack = service((404, {}, "no_service"))
    result = run(cli, *W11, "--to", "slack", code=3)
    assert result.stderr == (
        "Error: Slack (127.0.0.1) answered 404 Not Found: no_service: nothing was posted; check the webhook URL\n"
    )
    assert len(slack.requests) == 1


def test_an_answer_that_echoes_the_url_never_shows_it(cli, service):
    service((400, {}, f"invalid_payload for {SECRET}"))
    result = run(cli, *W11, "--to", "slack", code=3)
    assert "answered 400 Bad Request: invalid_payload for …: nothing was posted" in result.stderr


def test_a_time_out_is_not_retried_and_says_it_may_have_been_posted(cli, service):
    """The service reads the post and does not answer until the test is over, whatever the time-out:
    the client gives up first, for certain."""
    slack = service(HANG, OK)
    result = run(cli, *W11, "--to", "slack", "--timeout", "0.2", code=3)
    assert result.stderr == (
        "Error: Slack (127.0.0.1) did not answer within 0.2 s: the message may have been posted. It was not sent "
        "again (a webhook has no idempotency key, so a second post could show twice): look in the channel before "
        "posting again\n"
    )
    assert len(slack.requests) == 1


def test_a_connection_that_fails_is_tried_twice_and_nothing_was_posted(cli, monkeypatch):
    with socket.socket() as unused:  # a port on this machine that nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setenv("APPRENTRACK_WEBHOOK_URL", f"http://127.0.0.1:{port}{SECRET}")
    monkeypatch.setattr(apprentrack.publish.webhook, "CONNECTION_PAUSE", 0.0)  # the second try at once
    result = run(cli, *W11, "--to", "slack", code=3)
    assert result.stderr == (
        "Error: could not connect to Slack (127.0.0.1) (Connection refused), twice: nothing was posted\n"
    )


@pytest.mark.parametrize(
    "url, message",
    [
        (None, "no webhook URL: set APPRENTRACK_WEBHOOK_URL, or give --url-file FILE"),
        ("http://hooks.example.org" + SECRET, "APPRENTRACK_WEBHOOK_URL: not an https:// URL with a host"),
        ("hooks.slack.com" + SECRET, "APPRENTRACK_WEBHOOK_URL: not an https:// URL with a host"),
    ],
)
def test_a_missing_or_wrong_url_is_a_usage_error_that_never_shows_it(cli, monkeypatch, url, message):
    if url is None:
        monkeypatch.delenv("APPRENTRACK_WEBHOOK_URL", raising=False)
    else:
        monkeypatch.setenv("APPRENTRACK_WEBHOOK_URL", url)
    result = run(cli, *W11, "--to", "slack", code=2)
    assert message in result.stderr and result.stdout == ""


def test_the_url_can_come_from_a_file(cli, service, tmp_path, monkeypatch):
    slack = service(OK)
    secret = tmp_path / "webhook.txt"
    secret.write_text(slack.url + "\n")
    monkeypatch.setenv("APPRENTRACK_WEBHOOK_URL", "https://elsewhere.example.org/never-used")
    run(cli, *W11, "--to", "slack", "--url-file", str(secret))  # the file, named on the command line, wins
    assert len(slack.requests) == 1
    result = run(cli, *W11, "--to", "slack", "--url-file", str(tmp_path / "missing.txt"), code=2)
    assert "--url-file: cannot read" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("--to", "discord"), "--to: 'discord' is not one of: slack, teams, basecamp"),
        (("--to", "slack", "--timeout", "0"), "--timeout: '0' is not a number from 0.1 to 120"),
        (("--to", "slack", "--site-url", "pages"), "--site-url: 'pages' is not a site's address"),
    ],
)
def test_bad_options_are_usage_errors(cli, args, message):
    result = cli(*W11, *args, "--dry-run", code=2)
    assert message in result.stderr


def test_a_week_not_over_has_no_links_to_the_site_which_has_no_page_for_it_yet(cli):
    from apprentrack.domain.dates import today, week_label, week_of

    this_week = week_label(week_of(today()))
    result = run(cli, "post", "--to", "slack", "--week", this_week, "--site-url", "https://x.example/", "--dry-run")
    assert f"Note: no links: the site has a page for a week once it is over, and {this_week} is not" in result.stderr
    assert "x.example" not in result.stdout and "so far" in result.stdout
