"""`icon_data`: a picture people upload, stored as the API wants it (plain base64 text).

The browser reads the chosen file and fills the box with its base64; without JavaScript the
box takes base64 pasted in. Either way the server decodes it and checks what it is (by its
first bytes, not its name) and how big it is before it is saved.
"""

import base64
import binascii

from django import forms
from django.conf import settings

SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}


def image_kind(data: bytes) -> str | None:
    """PNG, JPEG, GIF, WebP or SVG from the bytes themselves; None for anything else."""
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "SVG"
    return None


class ImageWidget(forms.Textarea):
    template_name = "editor/widgets/image_data.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"rows": 3, "class": "code", "data-image-data": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["max_kb"] = settings.ICON_DATA_MAX_BYTES // 1024
        return context


def _same_text(posted: object, stored: str) -> bool:
    """Whether a textarea posted back `stored` unchanged (browsers send \r\n for \n)."""
    if not isinstance(posted, str):
        return False

    def normal(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")

    return normal(posted) == normal(stored)


class ImageDataField(forms.CharField):
    widget = ImageWidget

    def __init__(self, *, stored: object = None, **kwargs) -> None:
        super().__init__(**kwargs)
        # What the draft holds already is kept as it is when it comes back unchanged, even
        # if it is no picture (imported, or from before this check): nothing is lost.
        self.stored = stored if isinstance(stored, str) else None

    def to_python(self, value):
        if self.stored is not None and _same_text(value, self.stored):
            return self.stored
        text = "".join((super().to_python(value) or "").split())
        if not text:
            return None
        if text.startswith("data:") and "," in text:
            text = text.split(",", 1)[1]  # a data: URL pasted in: the API wants the base64 only
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as error:
            raise forms.ValidationError(
                "This is not a picture in base64. Choose an image file instead."
            ) from error
        if image_kind(data) is None:
            raise forms.ValidationError("Use a PNG, JPEG, GIF, WebP or SVG picture.")
        limit = settings.ICON_DATA_MAX_BYTES
        if len(data) > limit:
            raise forms.ValidationError(
                f"The picture is {len(data) // 1024:,} KB; make it {limit // 1024:,} KB or smaller."
            )
        return base64.b64encode(data).decode("ascii")
