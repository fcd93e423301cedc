"""Built-in Aitronos tools: `tool_configurations.system_tools`."""

from typing import Literal

from assistants.contract.spec import ContractModel, spec

ToolMode = Literal["on", "off", "auto"]

MODE_LABELS = {
    "on": "On — always available",
    "off": "Off",
    "auto": "Automatic — the assistant decides when to use it",
}


def _mode(tool: str) -> object:
    # Mode is required inside a tool entry: an entry without a mode says nothing, and the
    # OpenAI dialect needs it to decide whether the tool is present.
    return spec(
        label="Mode",
        help=f"Whether {tool} is switched on, off, or left to the assistant to decide.",
        choice_labels=MODE_LABELS,
    )


class WebSearchSystemTool(ContractModel):
    mode: ToolMode = _mode("web search")
    sources: bool | None = spec(
        None,
        label="Show sources",
        help="Show the web pages the answer is based on.",
    )


class CodeInterpreterSystemTool(ContractModel):
    mode: ToolMode = _mode("the code interpreter")
    outputs: bool | None = spec(
        None,
        label="Show code outputs",
        help="Show the output of the code the assistant runs.",
    )


class FileSearchSystemTool(ContractModel):
    mode: ToolMode = _mode("file search")
    results: bool | None = spec(
        None,
        label="Show search results",
        help="Show which passages of your files were found.",
    )


class ImageGenerationSystemTool(ContractModel):
    mode: ToolMode = _mode("image generation")
    provider: Literal["openai", "clipdrop"] | None = spec(
        None,
        label="Image provider",
        help="Which service draws the images.",
        choice_labels={"openai": "OpenAI", "clipdrop": "Clipdrop"},
    )


class FileRetrievalSystemTool(ContractModel):
    mode: ToolMode = _mode("file retrieval")


class SystemTools(ContractModel):
    # `computer_use_preview` existed in the earlier edition and was removed; extra="forbid"
    # rejects it and errors.py explains that it was removed.
    web_search: WebSearchSystemTool | None = spec(
        None,
        label="Web search",
        help="Let the assistant look things up on the internet.",
    )
    code_interpreter: CodeInterpreterSystemTool | None = spec(
        None,
        label="Code interpreter",
        help="Let the assistant write and run Python code, for example for calculations.",
    )
    file_search: FileSearchSystemTool | None = spec(
        None,
        label="File search",
        help="Let the assistant search the documents in its knowledge stores.",
    )
    image_generation: ImageGenerationSystemTool | None = spec(
        None,
        label="Image generation",
        help="Let the assistant create pictures.",
    )
    file_retrieval: FileRetrievalSystemTool | None = spec(
        None,
        label="File retrieval",
        help="Let the assistant read whole files that were shared with it.",
    )
