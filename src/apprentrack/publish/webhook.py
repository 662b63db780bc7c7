"""Posting JSON to a chat service's webhook, with the standard library (urllib).

A webhook's URL is a secret (whoever has it can post to the channel): it is read from the environment or
a file, and never printed, logged or written; a message names only its host.

A webhook has no idempotency key: a message sent twice shows twice. So a post is sent again once, and
only where it cannot have been delivered: the connection failed before the request was sent, or the
service said so itself (429 Too Many Requests, 503 Service Unavailable). Never after the request went out
and no answer came (a read time-out, a dropped connection), nor after another error: the message says
whether the post may have been made, so that a person can look before posting again.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

from .. import __version__
from ..domain.errors import NotPosted, UsageError

ENVIRONMENT = "APPRENTRACK_WEBHOOK_URL"
RETRY_STATUS = {429, 503}  # the service says it did not take the message, and to come back
CONNECTION_PAUSE = 1.0  # seconds before the one retry of a connection that failed
LONGEST_WAIT = 30.0  # the longest Retry-After honoured; a longer one is reported, not waited for
LOOPBACK = {"127.0.0.1", "::1", "localhost"}  # plain http is allowed only to this machine (a relay, a test)


@dataclass(frozen=True)
class Webhook:
    """A webhook's URL, which is never shown; its host, which is."""

    url: str
    host: str

    def __repr__(self) -> str:  # never the URL, even in a debugger or a failed assertion
        return f"Webhook(host={self.host!r})"


@dataclass(frozen=True)
class Posted:
    status: int  # the service's answer: 200, 201, 202...
    reason: str
    attempts: int  # 1, or 2 after a retry


def webhook(text: str, source: str) -> Webhook:
    """The URL, checked: https (or http to this machine), with a host. `source` names where it came from in
    a message (the variable or the file), since the URL itself is never shown."""
    try:
        parts = urllib.parse.urlsplit(text.strip())
        host = parts.hostname or ""
    except ValueError:
        raise UsageError(f"{source}: not a URL (it is not shown: it is a secret)") from None
    if not host or parts.scheme not in ("https", "http") or (parts.scheme == "http" and host not in LOOPBACK):
        raise UsageError(f"{source}: not an https:// URL with a host (it is not shown: it is a secret)")
    return Webhook(text.strip(), host)


def read_webhook(environment: dict[str, str], url_file: Path | None) -> Webhook:
    """The webhook from --url-file (a file holding the URL) if given, else from APPRENTRACK_WEBHOOK_URL."""
    if url_file is not None:
        try:
            text = url_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--url-file: cannot read '{url_file}' ({type(exc).__name__})") from None
        return webhook(text, f"--url-file '{url_file}'")
    if not environment.get(ENVIRONMENT, "").strip():
        raise UsageError(f"no webhook URL: set {ENVIRONMENT}, or give --url-file FILE (a file holding the URL)")
    return webhook(environment[ENVIRONMENT], ENVIRONMENT)


def post(
    hook: Webhook, payload: dict[str, Any], timeout: float, service: str, wait: Callable[[float], None] = time.sleep
) -> Posted:
    """POST the payload as JSON; retried once where it cannot have been delivered (the module's rule)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    where = f"{service} ({hook.host})"
    for attempt in (1, 2):
        try:
            status, reason, said, headers = _send(hook, body, timeout)
        except _NotSent as exc:  # the request never went out: it cannot have been delivered
            if attempt == 1:
                wait(CONNECTION_PAUSE)
                continue
            raise NotPosted(f"could not connect to {where} ({exc.why}), twice: nothing was posted") from None
        except _NoAnswer as exc:  # sent, and no answer: it may have arrived
            raise NotPosted(
                f"{where} {exc.why}: the message may have been posted. It was not sent again (a webhook has "
                "no idempotency key, so a second post could show twice): look in the channel before posting again"
            ) from None
        if 200 <= status < 300:
            return Posted(status, reason, attempt)
        answer = f"{where} answered {status} {reason}{f': {said}' if said else ''}"
        if status in RETRY_STATUS and attempt == 1:
            pause = _retry_after(headers)
            if pause is None:
                raise NotPosted(f"{answer}, and asked to wait longer than {LONGEST_WAIT:g} s: nothing was posted")
            wait(pause)
            continue
        raise NotPosted(_what_it_means(answer, status, attempt))
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


class _NotSent(Exception):
    def __init__(self, why: str):
        self.why = why


class _NoAnswer(Exception):
    def __init__(self, why: str):
        self.why = why


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook does not redirect; following one would send the message (or the secret) elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _send(hook: Webhook, body: bytes, timeout: float) -> tuple[int, str, str, Message]:
    """One POST: (status, reason, what the service said, headers). urllib wraps what fails before the
    request is sent (connecting, TLS, sending) in URLError; what fails while waiting for the answer comes
    through as it is. Once a status has come, the post is answered, whatever happens to the rest."""
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": f"apprentrack/{__version__}"},
    )
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:  # an answer, not a 2xx (HTTPError is a URLError: caught first)
        response = exc
    except urllib.error.URLError as exc:
        raise _NotSent(_reason(exc.reason)) from None
    except TimeoutError:
        raise _NoAnswer(f"did not answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise _NoAnswer(f"dropped the connection before answering ({type(exc).__name__})") from None
    with response:
        try:
            said = _said(response.read(2000), hook)
        except (OSError, http.client.HTTPException):  # the status came; the rest of the answer did not
            said = ""
        return response.status or 0, response.reason, said, response.headers


def _reason(reason: object) -> str:
    """Why a connection failed, in words that hold no URL."""
    if isinstance(reason, OSError):
        return reason.strerror or type(reason).__name__
    return str(reason) if isinstance(reason, str) else type(reason).__name__


def _said(raw: bytes, hook: Webhook) -> str:
    """The start of the service's answer, on one line, with the URL's path cut out should it be echoed."""
    text = " ".join(raw.decode("utf-8", "replace").split())
    secret = urllib.parse.urlsplit(hook.url)
    for part in (hook.url, secret.path, secret.query):
        if len(part) > 1:
            text = text.replace(part, "…")
    return text[:200]


def _retry_after(headers: Message) -> float | None:
    """Seconds to wait before the retry: Retry-After in seconds (1 if absent or a date); None if longer
    than is worth waiting for."""
    value = (headers.get("Retry-After") or "").strip()
    pause = float(value) if value.isdigit() else 1.0
    return pause if pause <= LONGEST_WAIT else None


def _what_it_means(answer: str, status: int, attempt: int) -> str:
    again = " (after one retry)" if attempt == 2 else ""
    if 300 <= status < 400:
        return f"{answer}{again}: a webhook does not redirect; check the webhook URL. Nothing was posted"
    if status in RETRY_STATUS or 400 <= status < 500:
        advice = "; check the webhook URL" if status in (401, 403, 404, 410) else ""
        return f"{answer}{again}: nothing was posted{advice}"
    return (
        f"{answer}{again}: the message may or may not have been posted. It was not sent again (a webhook has no "
        "idempotency key): look in the channel before posting again"
    )
