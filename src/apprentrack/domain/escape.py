"""What a terminal must never receive raw: the characters that are not plain text, and text with them
written as escapes. No imports, so that every message can use it."""

from __future__ import annotations

import functools
import re

# Unicode's categories Cc (controls: NUL, new lines, the escape of terminal sequences), Cf (format: zero
# width and bidirectional-override characters, which make one text look like another), Cs (lone
# surrogates: undecodable bytes on a command line), Zl and Zp (line and paragraph separators), as of
# Unicode 15.1; tests/guarantees/test_plain_text.py checks it covers the running Python's Unicode database.
_NOT_TEXT = (
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


@functools.cache
def not_text() -> re.Pattern[str]:
    """The pattern, compiled at its first use (a run that checks and escapes nothing never compiles it)."""
    return re.compile(_NOT_TEXT)


def shown(text: str) -> str:
    """Text as a message may echo it: what is not plain text written as an escape, never sent raw to a
    terminal (a file named with an escape sequence, say)."""
    return not_text().sub(lambda m: f"\\u{ord(m.group()):04x}", text)
