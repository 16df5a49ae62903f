"""Highlighting: mark matched words, then render safely (text escaped before <mark> goes in)."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.analysis import _STOP, fold, stem
from search.queries import MARK_END, MARK_START

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def mark_terms(text: str, terms: set[str]) -> str:
    """Wrap each word whose analysed form is in ``terms`` in the private-use markers."""
    if not terms or not text:
        return text

    def replace(match: re.Match) -> str:
        word = match.group(0)
        folded = fold(word)
        if folded and folded not in _STOP and stem(folded) in terms:
            return f"{MARK_START}{word}{MARK_END}"
        return word

    return _WORD.sub(replace, text)


def render(marked: str) -> SafeString:
    """HTML for marked text: everything escaped, markers turned into <mark>."""
    marked = marked.replace("\x00", "").replace("\x01", "")
    html = escape(marked.replace(MARK_START, "\x00").replace(MARK_END, "\x01"))
    html = html.replace("\x00", '<mark class="hub-highlight">').replace("\x01", "</mark>")
    return mark_safe(html)  # noqa: S308 - built from escaped text and our own tags only
