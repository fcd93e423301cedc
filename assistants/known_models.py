"""Models the dashboard offers by name, grouped by provider.

Taken from the API documentation in shared/api-docs (the Aitronos examples and the OpenAI
SDK's model list). A per-organisation directory can extend it; any other model key can
still be stored, and is shown as it is.
"""

KNOWN_MODELS: dict[str, list[tuple[str, str]]] = {
    "Aitronos": [("ftg-3.0", "FTG 3.0"), ("ftg-3.0-speed", "FTG 3.0 Speed")],
    "OpenAI": [
        ("gpt-5.2", "GPT-5.2"),
        ("gpt-5.1", "GPT-5.1"),
        ("gpt-5", "GPT-5"),
        ("gpt-5-mini", "GPT-5 mini"),
        ("gpt-5-nano", "GPT-5 nano"),
        ("gpt-4.1", "GPT-4.1"),
        ("gpt-4.1-mini", "GPT-4.1 mini"),
        ("gpt-4o", "GPT-4o"),
        ("gpt-4o-mini", "GPT-4o mini"),
        ("o4-mini", "o4-mini"),
        ("o3", "o3"),
        ("o3-mini", "o3-mini"),
        ("gpt-4-turbo", "GPT-4 Turbo"),
    ],
}


def model_choices(current: str | None, default_label: str) -> list:
    """Select choices grouped by provider, keeping an unknown current value selectable."""
    groups: list = [("", default_label)]
    groups += [(provider, models) for provider, models in KNOWN_MODELS.items()]
    known = {key for models in KNOWN_MODELS.values() for key, _ in models}
    if current and current not in known:
        groups.append(("Other", [(current, current)]))
    return groups
