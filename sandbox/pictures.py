"""The demo icons and avatars as pictures, drawn in code (no files to ship, nothing fetched).

Icons are small SVGs (the platform lists icons with `file_format` "svg"): a rounded tile in
the category's colour with a line glyph. Avatars are 96x96 PNGs (a face on a coloured
disc), encoded here with zlib, so the sync's copying is exercised on both kinds of picture.
Served like a CDN would, without a key, at `/_media/icons/<id>.svg` and
`/_media/avatars/<id>.png` (sandbox/urls.py); the list answers give those absolute URLs.
"""

import functools
import struct
import zlib

# (name, category) → glyph: SVG elements on a 24x24 grid, drawn in white lines.
GLYPHS = {
    "Briefcase": '<rect x="3" y="7" width="18" height="13" rx="2"/>'
    '<path d="M9 7V5a2 2 0 0 1 2-2h2a2 2 0 0 1 2 2v2M3 13h18"/>',
    "People": '<circle cx="9" cy="8" r="3"/><path d="M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6"/>'
    '<circle cx="17" cy="9" r="2.5"/><path d="M17 14c2.5 0 4 2 4 5"/>',
    "Handshake": '<path d="M2 11l4-4 4 3 3-2 3 0 6 5M7 13l4 4M10 12l4 4M13 11l4 4M2 11l5 5"/>',
    "Headset": '<path d="M4 14v-2a8 8 0 0 1 16 0v2M19 19c0 2-2 3-5 3"/>'
    '<rect x="3" y="13" width="4" height="6" rx="1"/>'
    '<rect x="17" y="13" width="4" height="6" rx="1"/>',
    "Calculator": '<rect x="5" y="2" width="14" height="20" rx="2"/>'
    '<rect x="8" y="5" width="8" height="4"/>'
    '<path d="M9 13h.01M12 13h.01M15 13h.01M9 17h.01M12 17h.01M15 17h.01"/>',
    "Scales": '<path d="M12 3v18M7 21h10M4 7h16M4 7l-3 7h6zM20 7l-3 7h6z"/>',
    "Lightbulb": '<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.8.8 1 1.5 1 2.5h6c0-1 .2-1.7 '
    '1-2.5A6 6 0 0 0 12 3z"/>',
    "Rocket": '<path d="M12 2c3 2 5 6 5 10l-2 4H9l-2-4c0-4 2-8 5-10zM9 16l-3 4M15 16l3 4"/>'
    '<circle cx="12" cy="10" r="2"/>',
    "Shield": '<path d="M12 2l8 3v6c0 5-3.5 9-8 11-4.5-2-8-6-8-11V5zM9 12l2 2 4-4"/>',
    "Calendar": '<rect x="3" y="5" width="18" height="16" rx="2"/>'
    '<path d="M3 10h18M8 3v4M16 3v4"/>',
    "Chart": '<path d="M3 3v18h18M7 15l4-4 3 3 5-6"/>',
    "Book": '<path d="M2 5h7a3 3 0 0 1 3 3v13a2 2 0 0 0-2-2H2zM22 5h-7a3 3 0 0 0-3 3v13a2 2 0 0 1 '
    '2-2h8z"/>',
}

CATEGORY_COLOURS = {
    "business": "#3559b8",
    "hr": "#8a3fb0",
    "sales": "#1f7a4d",
    "support": "#0f6f8a",
    "finance": "#7a5a12",
    "legal": "#5b4636",
    "ideas": "#a35200",
    "general": "#b3261e",
    "security": "#2d4a6b",
    "planning": "#6b3a8a",
    "analytics": "#22646e",
    "knowledge": "#4a5a1c",
}


@functools.cache
def icon_svg(name: str, category: str) -> bytes:
    colour = CATEGORY_COLOURS.get(category, "#444c5c")
    glyph = GLYPHS.get(name, '<circle cx="12" cy="12" r="8"/>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="7" fill="{colour}"/>'
        '<g transform="translate(4 4)" fill="none" stroke="#fff" stroke-width="1.8" '
        f'stroke-linecap="round" stroke-linejoin="round">{glyph}</g></svg>'
    ).encode()


# name → (background, skin, hair, shirt) as RGB.
AVATAR_COLOURS = {
    "Ada": ((224, 236, 255), (241, 194, 150), (92, 58, 33), (53, 89, 184)),
    "Max": ((222, 247, 232), (198, 134, 92), (30, 30, 30), (31, 122, 77)),
    "Nia": ((255, 236, 214), (141, 85, 56), (40, 24, 16), (163, 82, 0)),
    "Otto": ((236, 236, 240), (250, 214, 180), (150, 150, 150), (68, 76, 92)),
    "Lumi": ((246, 228, 255), (255, 220, 196), (214, 120, 40), (138, 63, 176)),
    "Kai": ((220, 242, 246), (224, 172, 128), (20, 20, 40), (15, 111, 138)),
}

SIZE = 96
_SAMPLES = [(dx, dy) for dx in (0.25, 0.75) for dy in (0.25, 0.75)]


def _avatar_pixel(x: float, y: float, colours) -> tuple[int, int, int, int]:
    background, skin, hair, shirt = colours
    c = SIZE / 2
    if (x - c) ** 2 + (y - c) ** 2 > c**2:
        return (0, 0, 0, 0)  # outside the disc: transparent
    if ((x - c) / 34) ** 2 + ((y - 100) / 26) ** 2 <= 1:
        return (*shirt, 255)
    head = (x - c) ** 2 + (y - 42) ** 2
    if head <= 20**2:
        if (y < 34 and head >= 15**2) or y < 28:
            return (*hair, 255)
        if (x - 41) ** 2 + (y - 40) ** 2 <= 5 or (x - 55) ** 2 + (y - 40) ** 2 <= 5:
            return (40, 30, 30, 255)  # eyes
        mouth = (x - c) ** 2 + (y - 46) ** 2
        if 7**2 <= mouth <= 8.6**2 and y > 49:
            return (150, 60, 60, 255)  # smile
        return (*skin, 255)
    if head <= 22**2 and y < 40:
        return (*hair, 255)
    return (*background, 255)


@functools.cache
def avatar_png(name: str) -> bytes:
    colours = AVATAR_COLOURS.get(name, next(iter(AVATAR_COLOURS.values())))
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)  # filter: none
        for x in range(SIZE):
            # Four samples a pixel: edges are smoothed, not stair-stepped.
            samples = [_avatar_pixel(x + dx, y + dy, colours) for dx, dy in _SAMPLES]
            alpha = sum(s[3] for s in samples)
            if not alpha:
                rows += b"\0\0\0\0"
                continue
            rows += bytes(
                round(sum(s[i] * s[3] for s in samples) / alpha) for i in range(3)
            ) + bytes([alpha // 4])
    return _png(SIZE, SIZE, bytes(rows))


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
