"""Section "Instructions & behaviour": what the assistant is told and how it behaves."""

from typing import Literal

from assistants.contract.sections import Section
from assistants.contract.spec import ContractModel, Picker, spec

SYSTEM_MESSAGE_MAX_LENGTH = 50_000


class SystemMessage(ContractModel):
    role: Literal["system", "user", "assistant"] = spec(
        label="Who says it",
        help="System messages set rules; user and assistant messages show an example conversation.",
        choice_labels={"system": "System", "user": "User", "assistant": "Assistant"},
    )
    content: str = spec(
        label="Message",
        help="The text of the message, up to 50,000 characters.",
        widget="textarea",
        max_length=SYSTEM_MESSAGE_MAX_LENGTH,
    )


class InstructionsFields(ContractModel):
    instructions: str | None = spec(
        None,
        section=Section.INSTRUCTIONS,
        label="Instructions",
        help="Tell the assistant who it is, what it should do and what it must not do.",
        widget="textarea",
    )
    system_message: list[SystemMessage] | None = spec(
        None,
        section=Section.INSTRUCTIONS,
        level="advanced",
        label="Starting messages",
        help="Messages placed before every conversation, such as extra rules or an example "
        "question and answer.",
        kind="system_messages",
    )
    instructions_thread_id: str | None = spec(
        None,
        section=Section.INSTRUCTIONS,
        level="advanced",
        label="Instructions from a conversation",
        help="A conversation whose messages are added to the instructions.",
        picker=Picker.THREADS,
    )
    preset_prompts: list[str] | None = spec(
        None,
        section=Section.INSTRUCTIONS,
        label="Suggested prompts",
        help="Ready-made questions shown to people so they can start quickly.",
        picker=Picker.PRESET_PROMPTS,
    )
    rule_ids: list[str] | None = spec(
        None,
        section=Section.INSTRUCTIONS,
        label="Rules",
        help="Your organisation's behaviour rules that this assistant must follow.",
        picker=Picker.RULES,
    )
    safety_level: str | None = spec(
        None,
        section=Section.INSTRUCTIONS,
        label="Safety level",
        help="How strictly answers are filtered for unsafe content.",
    )
    moderation_enabled: bool | None = spec(
        None,
        section=Section.INSTRUCTIONS,
        label="Content moderation",
        help="Check messages for harmful content.",
    )
    memory_enabled: bool | None = spec(
        None,
        section=Section.INSTRUCTIONS,
        label="Memory",
        help="Let the assistant remember things across conversations.",
    )
    behavior_attachments_enabled: bool = spec(
        True,
        section=Section.INSTRUCTIONS,
        label="Allow file attachments",
        help="Let people attach files in a conversation. On if you leave it empty.",
    )
