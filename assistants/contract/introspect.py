"""Walking pydantic types: which field, type and constraints sit at a location.

Shared by the error messages (loc → path, label, bounds), the import normaliser (which keys
are fields and may be renamed) and secret masking (which values are secret).
"""

import re
import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

Loc = tuple[str | int, ...]


def members(tp: Any) -> list[Any]:
    """The alternatives of a type, with Optional/Union/Annotated unwrapped and None dropped."""
    if get_origin(tp) is Annotated:
        return members(get_args(tp)[0])
    if get_origin(tp) in (Union, types.UnionType):
        return [m for arg in get_args(tp) for m in members(arg)]
    if tp is type(None):
        return []
    return [tp]


def annotated_metadata(tp: Any) -> list[Any]:
    """Constraints attached with Annotated (e.g. the bounds of dict values), flattened."""
    if get_origin(tp) is not Annotated:
        return []
    found: list[Any] = []
    for item in get_args(tp)[1:]:
        if isinstance(item, FieldInfo):
            found.extend(item.metadata)
        elif isinstance(item, annotated_types.GroupedMetadata):
            found.extend(item)
        else:
            found.append(item)
    return [*found, *annotated_metadata(get_args(tp)[0])]


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def literal_values(tp: Any) -> tuple[Any, ...]:
    values: list[Any] = []
    for member in members(tp):
        if get_origin(member) is Literal:
            values.extend(get_args(member))
    return tuple(values)


def _raw_members(tp: Any) -> list[Any]:
    """Like members() but keeps Annotated wrappers so their constraints survive."""
    if get_origin(tp) in (Union, types.UnionType):
        return [m for arg in get_args(tp) for m in _raw_members(arg)]
    if get_origin(tp) is Annotated and get_origin(get_args(tp)[0]) in (Union, types.UnionType):
        return _raw_members(get_args(tp)[0])
    return [] if tp is type(None) else [tp]


def _container_items(candidates: list[Any], origins: tuple[type, ...]) -> list[Any]:
    """Item types of the list (or value types of the dict) candidates."""
    items: list[Any] = []
    for candidate in candidates:
        bare = members(candidate)
        for tp in bare:
            if get_origin(tp) in origins:
                items.extend(_raw_members(get_args(tp)[-1]))
    return items


@dataclass
class Location:
    """What a loc points at: its printable path and the fields along the way."""

    path: str = ""
    fields: list[tuple[str, FieldInfo]] = field(default_factory=list)
    # Types possible at the end of the walk, and constraints found on the way in.
    leaf_types: list[Any] = field(default_factory=list)
    leaf_constraints: list[Any] = field(default_factory=list)

    @property
    def field_name(self) -> str:
        return self.fields[0][0] if self.fields else self.path.split(".")[0].split("[")[0]

    @property
    def leaf_field(self) -> FieldInfo | None:
        return self.fields[-1][1] if self.fields else None


def _tag_match(model: type[BaseModel], tag: str) -> bool:
    annotation = model.model_fields.get("type")
    return annotation is not None and tag in literal_values(annotation.annotation)


def locate(model: type[BaseModel], loc: Loc) -> Location:
    """Follow a pydantic error loc (or a parsed path) through the model's types."""
    found = Location()
    parts: list[str] = []
    candidates: list[Any] = [model]
    for elem in loc:
        if isinstance(elem, int):
            parts.append(f"[{elem}]")
            candidates = _container_items(candidates, (list,))
            found.leaf_constraints = [c for t in candidates for c in annotated_metadata(t)]
            continue
        if elem == "[key]":
            continue  # pydantic marks errors about a dict key with this extra element.
        models = [m for c in candidates for m in members(c) if is_model(m)]
        owner = next((m for m in models if elem in m.model_fields), None)
        if owner is not None:
            info = owner.model_fields[elem]
            parts.append(f".{elem}")
            found.fields.append((elem, info))
            candidates = _raw_members(info.annotation)
            found.leaf_constraints = list(info.metadata)
            continue
        values = _container_items(candidates, (dict,))
        if values:
            parts.append(f".{elem}")
            candidates = values
            found.leaf_constraints = [c for t in values for c in annotated_metadata(t)]
            continue
        # A union branch name or discriminator tag: narrow to that branch, add no path part.
        narrowed = [m for m in models if m.__name__ == elem or _tag_match(m, elem)]
        if narrowed:
            candidates = narrowed
    found.path = "".join(parts).lstrip(".")
    found.leaf_types = [m for c in candidates for m in members(c)]
    return found


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> Loc:
    """`a.b[0].c` → ("a", "b", 0, "c")."""
    return tuple(int(index) if index else name for name, index in _PATH_PART.findall(path))


def bounds(constraints: list[Any]) -> tuple[float | None, float | None]:
    low = high = None
    for c in constraints:
        if isinstance(c, annotated_types.Ge):
            low = c.ge
        elif isinstance(c, annotated_types.Gt):
            low = c.gt
        elif isinstance(c, annotated_types.Le):
            high = c.le
        elif isinstance(c, annotated_types.Lt):
            high = c.lt
    return low, high


def max_length(constraints: list[Any]) -> int | None:
    for c in constraints:
        if isinstance(c, annotated_types.MaxLen):
            return c.max_length
    return None


def min_length(constraints: list[Any]) -> int | None:
    for c in constraints:
        if isinstance(c, annotated_types.MinLen):
            return c.min_length
    return None


def model_for(candidates: list[Any], value: Any) -> type[BaseModel] | None:
    """The model branch of `candidates` that a dict `value` would be validated against."""
    if not isinstance(value, dict):
        return None
    models = [m for c in candidates for m in members(c) if is_model(m)]
    if len(models) > 1 and isinstance(value.get("type"), str):
        models = [m for m in models if _tag_match(m, value["type"])] or models
    return models[0] if models else None


def list_item_types(candidates: list[Any]) -> list[Any]:
    return _container_items(candidates, (list,))


def dict_value_types(candidates: list[Any]) -> list[Any]:
    return _container_items(candidates, (dict,))
