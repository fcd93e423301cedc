from django.apps import AppConfig


class AssistantsConfig(AppConfig):
    name = "assistants"
    verbose_name = "Assistant Builder"

    def ready(self) -> None:
        from assistants import checks  # noqa: F401 — registers the deploy checks
