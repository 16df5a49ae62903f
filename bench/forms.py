"""Read an HTML form the way a browser would, so a bench can post it like a person."""

from html.parser import HTMLParser
from urllib.parse import urlencode


class FormReader(HTMLParser):
    """Collects the fields of the form whose ``action`` and ``method`` match, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[dict] = []
        self._in_post_form = False
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_post_form = (attrs.get("method") or "").lower() == "post"
        if not self._in_post_form:
            return
        if tag == "input" and attrs.get("name"):
            self.fields.append(
                {
                    "tag": "input",
                    "type": (attrs.get("type") or "text").lower(),
                    "name": attrs["name"],
                    "value": attrs.get("value", ""),
                }
            )
        elif tag == "textarea" and attrs.get("name"):
            self.fields.append({"tag": "textarea", "type": "text", "name": attrs["name"]})
        elif tag == "select" and attrs.get("name"):
            self._select = {"tag": "select", "type": "select", "name": attrs["name"], "options": []}
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False
        elif tag == "select":
            self._select = None

    def hidden(self) -> dict:
        return {f["name"]: f["value"] for f in self.fields if f["type"] == "hidden"}

    def choices(self, name: str) -> list[str]:
        """The values a person could pick for a radio, checkbox or select field."""
        values = []
        for field in self.fields:
            if field["name"] != name:
                continue
            if field["type"] == "select":
                values.extend(v for v in field["options"] if v)
            elif field["type"] in ("radio", "checkbox"):
                values.append(field["value"])
        return values


def read_form(html: bytes) -> FormReader:
    reader = FormReader()
    reader.feed(html.decode("utf-8", errors="replace"))
    return reader


def encode(pairs: list[tuple[str, str]]) -> bytes:
    return urlencode(pairs).encode()


def cookies_from(headers) -> dict:
    jar = {}
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())
