"""Bytes a first visit to the editor downloads: the page, its stylesheets and scripts.

Measured on the wire (httpx's num_bytes_downloaded counts bytes before decompression), once
asking for no compression and once accepting gzip, which whitenoise serves from the .gz
files collectstatic wrote. Images are left out (the brief counts HTML, CSS and JS).
"""

from dataclasses import dataclass
from html.parser import HTMLParser

import httpx


@dataclass(frozen=True)
class Asset:
    kind: str  # html, css, js
    path: str
    plain: int  # bytes on the wire with Accept-Encoding: identity
    gzip: int  # bytes on the wire with Accept-Encoding: gzip


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.found.append(("css", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))


def _size(http: httpx.Client, path: str, encoding: str) -> tuple[int, str]:
    response = http.get(path, headers={"Accept-Encoding": encoding})
    response.raise_for_status()
    response.read()
    return response.num_bytes_downloaded, response.text


def first_load(base_url: str, cookies: httpx.Cookies, page: str) -> list[Asset]:
    with httpx.Client(base_url=base_url, cookies=cookies, timeout=30) as http:
        plain, html = _size(http, page, "identity")
        gzip, _ = _size(http, page, "gzip")
        assets = [Asset("html", page, plain, gzip)]
        links = _Links()
        links.feed(html)
        for kind, path in links.found:
            plain, _ = _size(http, path, "identity")
            gzip, _ = _size(http, path, "gzip")
            assets.append(Asset(kind, path, plain, gzip))
    return assets
