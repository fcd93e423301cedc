"""The editor's sections, in the order the form shows them."""

from enum import StrEnum


class Section(StrEnum):
    BASICS = "basics"
    MODEL = "model"
    INSTRUCTIONS = "instructions"
    ACCESS = "access"
    TOOLS = "tools"
    MCP = "mcp"
    GENERATION = "generation"
    OUTPUT = "output"
    ADVANCED = "advanced"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def order(self) -> int:
        return SECTIONS.index(self)


_LABELS = {
    Section.BASICS: "Basics",
    Section.MODEL: "Model",
    Section.INSTRUCTIONS: "Instructions & behaviour",
    Section.ACCESS: "Access control",
    Section.TOOLS: "Tools",
    Section.MCP: "MCP servers",
    Section.GENERATION: "Reasoning & generation",
    Section.OUTPUT: "Output format",
    Section.ADVANCED: "Advanced",
}

# Enum iteration follows declaration order, which is the form's order.
SECTIONS: list[Section] = list(Section)
