"""Section "Basics": what the assistant is called and how it appears."""

from typing import Literal

from assistants.contract.sections import Section
from assistants.contract.spec import ContractModel, Picker, spec

# The reference gives no limit; 256 matches OpenAI's, so a name that works here also works
# with every dialect.
NAME_MAX_LENGTH = 256


class BasicsFields(ContractModel):
    name: str = spec(
        section=Section.BASICS,
        label="Name",
        help="What people see in the assistant list. It must be unique in your organisation.",
        min_length=1,
        max_length=NAME_MAX_LENGTH,
    )
    description: str | None = spec(
        None,
        section=Section.BASICS,
        label="Description",
        help="One or two sentences on what the assistant is for.",
        widget="textarea",
    )
    icon_type: Literal["avatar", "icon", "custom"] | None = spec(
        None,
        section=Section.BASICS,
        label="Picture type",
        help="Show an avatar, an icon from the library, or your own image.",
        choice_labels={"avatar": "Avatar", "icon": "Icon", "custom": "Own image"},
    )
    icon_id: str | None = spec(
        None,
        section=Section.BASICS,
        label="Icon",
        help="The icon from the icon library, when the picture type is Icon.",
        picker=Picker.ICONS,
    )
    icon_data: str | None = spec(
        None,
        section=Section.BASICS,
        label="Own image",
        help="Your own picture (stored as base64 text), when the picture type is Own image.",
        widget="image",
    )
    avatar_id: str | None = spec(
        None,
        section=Section.BASICS,
        label="Avatar",
        help="The avatar from the Aitronos avatar library.",
        picker=Picker.AVATARS,
    )
    skin_template_id: str | None = spec(
        None,
        section=Section.BASICS,
        label="Skin",
        help="The look-and-feel template used for this assistant.",
        picker=Picker.SKIN_TEMPLATES,
    )
    is_active: bool = spec(
        True,
        section=Section.BASICS,
        label="Active",
        help="Whether people can use the assistant. The API uses yes if you leave it empty.",
    )
    is_default: bool | None = spec(
        None,
        section=Section.BASICS,
        label="Default assistant",
        help="Make this the assistant people get when they do not choose one.",
    )
    pinned: bool = spec(
        False,
        section=Section.BASICS,
        label="Pinned",
        help="Keep the assistant at the top of the assistant list. Off if you leave it empty.",
    )
