"""Section "Reasoning & generation": how the model thinks and writes."""

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field

from assistants.contract.sections import Section
from assistants.contract.spec import ContractModel, contract_error, spec

# Newest edition's value sets; the earlier edition had only minimal/low/medium/high and
# auto/concise/detailed.
ReasoningEffort = Literal[
    "off", "none", "minimal", "low", "medium", "high", "maximum", "standard", "extended"
]
REASONING_EFFORTS: tuple[str, ...] = get_args(ReasoningEffort)
# The newest edition lists no values; these are the earlier edition's.
ContextStrategy = Literal["auto", "full", "saver", "off"]


class Reasoning(ContractModel):
    effort: ReasoningEffort = spec(
        "medium",
        label="Thinking effort",
        help="How long the model thinks before answering. More effort gives better answers "
        "to hard questions but is slower. The API uses medium if you leave it empty.",
        choice_labels={
            "off": "Off",
            "none": "None — fastest",
            "minimal": "Minimal",
            "low": "Low",
            "medium": "Medium",
            "high": "High",
            "maximum": "Maximum",
            "standard": "Standard",
            "extended": "Extended",
        },
    )
    summary: Literal["off", "auto", "concise", "detailed"] = spec(
        "auto",
        label="Thinking summary",
        help="Whether to show a summary of the model's thinking. The API uses auto if you "
        "leave it empty.",
        choice_labels={
            "off": "Off",
            "auto": "Automatic",
            "concise": "Short",
            "detailed": "Detailed",
        },
    )


def _token_id(key: str) -> str:
    if not (key.isascii() and key.isdigit()):
        raise contract_error(
            "token_id",
            f"Token bias keys must be token numbers such as 50256, not “{key}”.",
        )
    return key


TokenId = Annotated[str, AfterValidator(_token_id)]
Bias = Annotated[int, Field(ge=-100, le=100)]


class GenerationFields(ContractModel):
    reasoning: Reasoning | None = spec(
        None,
        section=Section.GENERATION,
        label="Reasoning",
        help="Only for models that can reason: how hard the model thinks and whether you "
        "see a summary of it.",
        kind="reasoning",
    )
    temperature: float = spec(
        0.7,
        section=Section.GENERATION,
        label="Creativity (temperature)",
        help="Lower values give focused, predictable answers; higher values give more varied "
        "ones. 0 to 2; the API uses 0.7 if you leave it empty.",
        ge=0,
        le=2,
    )
    top_p: float = spec(
        1.0,
        section=Section.GENERATION,
        label="Word choice range (top P)",
        help="Another way to control variety: 0.1 means only the most likely words are "
        "considered. 0 to 1; the API uses 1 if you leave it empty. Change this or "
        "creativity, not both.",
        ge=0,
        le=1,
    )
    frequency_penalty: float | None = spec(
        None,
        section=Section.GENERATION,
        level="advanced",
        label="Avoid repeating words",
        help="Positive values make the assistant repeat the same words less. -2 to 2.",
        ge=-2,
        le=2,
    )
    presence_penalty: float | None = spec(
        None,
        section=Section.GENERATION,
        level="advanced",
        label="Encourage new topics",
        help="Positive values make the assistant more likely to bring up new topics. -2 to 2.",
        ge=-2,
        le=2,
    )
    max_completion_tokens: int | None = spec(
        None,
        section=Section.GENERATION,
        label="Longest answer (tokens)",
        help="The most tokens (roughly ¾ of a word each) one answer may have.",
        ge=1,
    )
    context_window: int | None = spec(
        None,
        section=Section.GENERATION,
        level="advanced",
        label="Memory of the conversation (tokens)",
        help="How many tokens of the conversation the assistant can take into account.",
        ge=1,
    )
    context_strategy: ContextStrategy = spec(
        "auto",
        section=Section.GENERATION,
        level="advanced",
        label="Long conversations",
        help="How the assistant keeps long conversations within its memory. The API uses "
        "automatic if you leave it empty.",
        choice_labels={
            "auto": "Automatic",
            "full": "Keep everything",
            "saver": "Save tokens",
            "off": "Off",
        },
    )
    truncation: bool = spec(
        True,
        section=Section.GENERATION,
        level="advanced",
        label="Shorten long conversations",
        help="Drop the oldest messages when a conversation gets too long. On if you leave it "
        "empty.",
    )
    seed: int | None = spec(
        None,
        section=Section.GENERATION,
        level="advanced",
        label="Seed",
        help="A fixed number that makes answers more repeatable for the same question.",
    )
    stop_sequences: list[str] | None = spec(
        None,
        section=Section.GENERATION,
        level="advanced",
        label="Stop at",
        help="Pieces of text at which the assistant stops writing.",
    )
    logit_bias: dict[TokenId, Bias] | None = spec(
        None,
        section=Section.GENERATION,
        level="advanced",
        label="Token bias",
        help="Make particular tokens more (up to 100) or less (down to -100) likely, keyed by "
        "token number. For experts.",
    )
    top_logprobs: int | None = spec(
        None,
        section=Section.GENERATION,
        level="advanced",
        label="Alternative words to report",
        help="How many likely alternatives to return for each word, 0 to 20. For developers.",
        ge=0,
        le=20,
    )
    service_tier: Literal["auto", "default", "flex", "priority"] = spec(
        "auto",
        section=Section.GENERATION,
        level="advanced",
        label="Processing speed",
        help="Priority is faster and costs more; flex is cheaper and slower. The API uses "
        "automatic if you leave it empty.",
        choice_labels={
            "auto": "Automatic",
            "default": "Standard",
            "flex": "Flex — cheaper, slower",
            "priority": "Priority — faster, costs more",
        },
    )
