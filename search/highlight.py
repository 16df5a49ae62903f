"""Highlighting: mark matched words, then render safely (text escaped before <mark> goes in)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.analysis import _STOP, normalise, raw_tokens, stem
from search.queries import MARK_END, MARK_START


def mark_terms(text: str, terms: set[str]) -> str:
    """Wrap each word whose analysed form is in ``terms`` in the private-use markers."""
    if not terms or not text:
        return text

    out, position = [], 0
    for start, end, token in raw_tokens(text):
        folded = normalise(token)
        if folded and folded not in _STOP and stem(folded) in terms:
            out.append(text[position:start] + MARK_START + text[start:end] + MARK_END)
            position = end
    out.append(text[position:])
    return "".join(out)


def render(marked: str) -> SafeString:
    """HTML for marked text: everything escaped, markers turned into <mark>."""
    marked = marked.replace("\x00", "").replace("\x01", "")
    html = escape(marked.replace(MARK_START, "\x00").replace(MARK_END, "\x01"))
    html = html.replace("\x00", '<mark class="hub-highlight">').replace("\x01", "</mark>")
    return mark_safe(html)  # noqa: S308 - built from escaped text and our own tags only
