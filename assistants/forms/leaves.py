"""Flatten a catalogue field into the simple "leaves" a form edits, and back.

`reasoning` becomes `reasoning.effort` and `reasoning.summary`; the system tools become
`…system_tools.web_search.mode` and so on. Lists of objects are not leaves: they are
edited by formsets (see `collections.py`).
"""

from dataclasses import dataclass

from assistants.contract import FieldSpec, field_specs
from assistants.forms.kinds import SIMPLE_KINDS

# Catalogue kinds edited as a list of rows (a formset) rather than as leaves.
LIST_KINDS = {"system_messages", "department_grants", "mcp_servers", "tools", "allowed_models"}


@dataclass(frozen=True)
class Leaf:
    path: str  # dotted path from the config's root, e.g. "reasoning.effort"
    spec: FieldSpec  # the leaf's own catalogue entry
    group: str  # label of the nested object it belongs to ("" at the top)

    @property
    def form_name(self) -> str:
        return self.path.replace(".", "__")


def leaves_of(spec: FieldSpec, prefix: str = "", group: str = "") -> list[Leaf]:
    path = f"{prefix}{spec.name.rsplit('.', 1)[-1]}" if prefix else spec.name
    if spec.kind in LIST_KINDS:
        return []
    if spec.model is not None and spec.kind not in SIMPLE_KINDS - {"object"}:
        nested: list[Leaf] = []
        for sub in field_specs(spec.model):
            if sub.kind == "choice" and len(sub.choices) == 1 and sub.required:
                continue  # a constant such as type="mcp": nothing to choose
            nested.extend(leaves_of(sub, f"{path}.", spec.label))
        return nested
    return [Leaf(path=path, spec=spec, group=group)]
