"""Section "Model": which AI models the assistant may use."""

from assistants.contract.sections import Section
from assistants.contract.spec import ContractModel, Picker, spec

DEFAULT_MODEL_KEY = "ftg-3.0-speed"


class ModelFields(ContractModel):
    default_model_key: str = spec(
        DEFAULT_MODEL_KEY,
        section=Section.MODEL,
        label="Model",
        help=f"The AI model the assistant uses. The API uses {DEFAULT_MODEL_KEY} "
        "if you leave it empty.",
        picker=Picker.MODELS,
        min_length=1,
    )
    allowed_model_providers: list[str] | None = spec(
        None,
        section=Section.MODEL,
        level="advanced",
        label="Allowed providers",
        help="Only allow models from these companies, e.g. openai, anthropic, aitronos. "
        "Leave empty to allow all.",
        picker=Picker.PROVIDERS,
    )
    allowed_models: dict[str, list[str] | None] | None = spec(
        None,
        section=Section.MODEL,
        level="advanced",
        label="Allowed models per provider",
        help="For each provider, the models people may switch to, or all of its models.",
        picker=Picker.MODELS,
        kind="allowed_models",
    )
