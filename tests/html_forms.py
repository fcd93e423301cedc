"""Read a rendered <form> the way a browser would submit it (for client-level tests).

What a browser does to values on the way (HTML Living Standard), and so do these helpers:
the parser turns every CR and CRLF in the page into LF; a single-line input drops line
breaks from its value; a number input sends nothing unless its value is a number; and a
form submission sends every line break as CRLF.
"""

import re
from html.parser import HTMLParser

# A number input whose value is not a valid floating-point number submits nothing.
_NUMBER = re.compile(r"-?(\d+|\d*\.\d+)([eE][-+]?\d+)?")
_SINGLE_LINE = {"text", "password", "search", "url", "tel", "email", "hidden"}


def _crlf(value: str) -> str:
    return re.sub(r"\r\n|\r|\n", "\r\n", value)


class _FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.depth = form_id, False, 0
        self.fields: list[tuple[str, str]] = []
        self.action = ""
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._option_value: str | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""
        self._template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self._template += 1
        if self._template:
            return
        if tag == "form":
            self.action = a.get("action", "")
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                value = a.get("value") or ""
                if kind in _SINGLE_LINE:
                    value = value.replace("\r", "").replace("\n", "")
                elif kind == "number" and not _NUMBER.fullmatch(value):
                    value = ""
                self.fields.append((a["name"], value))
        elif tag == "textarea" and a.get("name") and "disabled" not in a:
            self._textarea, self._text = a["name"], ""
        elif tag == "select" and a.get("name") and "disabled" not in a:
            self._select, self._select_value, self._select_first = a["name"], None, None
        elif tag == "option" and self._select:
            self._option_value, self._option_text = a.get("value"), ""
            if "selected" in a:
                self._select_value = "__pending__"

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data
        if self._option_value is not None or (self._select and self._option_text is not None):
            self._option_text += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "template":
            self._template -= 1
        if self._template:
            return
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop one leading newline of a textarea's content.
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "option" and self._select:
            value = self._option_value if self._option_value is not None else self._option_text
            if self._select_first is None:
                self._select_first = value
            if self._select_value == "__pending__":
                self._select_value = value
            self._option_value = None
        elif tag == "select" and self._select:
            self.fields.append((self._select, self._select_value or self._select_first or ""))
            self._select = None
        elif tag == "section":
            self.inside = False


def section_form(html: str, section: str) -> tuple[str, list[tuple[str, str]]]:
    """(action, fields) of the editor section `section` as the browser would post it."""
    reader = _FormReader(f"section-{section}")
    # The HTML parser's input preprocessing: CR and CRLF become LF before anything else.
    reader.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    assert reader.action, f"no form found for section {section}"
    return reader.action, [(name, _crlf(value)) for name, value in reader.fields]


def as_post_data(fields: list[tuple[str, str]], **changes: str) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    return data
