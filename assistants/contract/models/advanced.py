"""Section "Advanced": settings most people never need."""

from assistants.contract.sections import Section
from assistants.contract.spec import ContractModel, Picker, spec


class AdvancedFields(ContractModel):
    metadata: dict[str, str] | None = spec(
        None,
        section=Section.ADVANCED,
        label="Labels (metadata)",
        help="Your own name-value pairs for sorting and finding assistants, e.g. "
        "category = research.",
    )
    voice_profile_id: str | None = spec(
        None,
        section=Section.ADVANCED,
        label="Voice",
        help="The voice used when the assistant speaks.",
        picker=Picker.VOICE_PROFILES,
    )
    prompt_cache_enabled: bool = spec(
        True,
        section=Section.ADVANCED,
        label="Faster replies (prompt cache)",
        help="Reuse the unchanged start of each conversation so answers begin sooner. On if "
        "you leave it empty.",
    )
    advanced_settings_enabled: bool | None = spec(
        None,
        section=Section.ADVANCED,
        label="Show advanced settings",
        help="Open the advanced settings when this assistant is edited in Aitronos.",
    )
