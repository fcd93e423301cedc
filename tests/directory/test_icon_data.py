"""`icon_data` from a picture: stored as plain base64, checked by content and size."""

import base64

import pytest
from django import forms

from assistants.forms.image import ImageDataField
from assistants.services.drafts import draft_create

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_pictures_are_kept_as_the_base64_the_api_wants(settings):
    field = ImageDataField(required=False)
    assert field.clean(b64(PNG)) == b64(PNG)
    assert field.clean("data:image/svg+xml;base64," + b64(SVG)) == b64(SVG)  # a data: URL
    assert field.clean("") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not base64 at all!", "not a picture in base64"),
        (b64(b"%PDF-1.7 hello"), "Use a PNG, JPEG, GIF, WebP or SVG"),
    ],
)
def test_other_things_are_refused_with_what_to_do(value, message):
    with pytest.raises(forms.ValidationError, match=message):
        ImageDataField(required=False).clean(value)


def test_too_big_a_picture_is_refused(settings):
    settings.ICON_DATA_MAX_BYTES = 1024
    with pytest.raises(forms.ValidationError, match="make it 1 KB or smaller"):
        ImageDataField(required=False).clean(b64(PNG + b"\x00" * 2000))


def test_the_basics_section_offers_an_upload_and_saves_it(admin_client, organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="Pic")
    page = admin_client.get(f"/assistants/{draft.pk}/?section=basics").content.decode()
    assert 'type="file"' in page and "data-image-file" in page
    data = {
        "basics-base_version": "0",
        "basics-name": "Pic",
        "basics-icon_type": "custom",
        "basics-icon_data": b64(PNG),
        "basics-is_active": "on",
    }
    admin_client.post(f"/assistants/{draft.pk}/sections/basics/", data)
    draft.refresh_from_db()
    assert draft.config["icon_data"] == b64(PNG)


def test_a_stored_value_that_is_no_picture_is_kept_when_unchanged():
    field = ImageDataField(required=False, stored="not a picture")
    assert field.clean("not a picture") == "not a picture"
    with pytest.raises(forms.ValidationError):
        field.clean("something else")
