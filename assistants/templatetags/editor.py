import json

from django import template

from assistants.contract.labels import path_label as _path_label

register = template.Library()


@register.filter
def field(form, name: str):
    """`form|field:"reasoning__effort"`: a bound field by a name only known at run time."""
    return form[name]


@register.filter
def pretty_json(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@register.filter
def a11y(bound_field):
    """Render a field's widget tied to its help and error text for screen readers."""
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    attrs = {}
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def get(mapping, key):
    """`mapping|get:key` for keys only known at run time."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def path_label(path: str) -> str:
    """A configuration path in the catalogue's words ("Answer format → Schema name")."""
    return _path_label(path) if path else ""


@register.filter
def in_group(leaves, group: str) -> list:
    """The leaves of one nested object (e.g. an answer format's schema)."""
    return [leaf for leaf in leaves if leaf.group == group]


@register.filter
def leaves_open(form, leaves) -> bool:
    """Whether folded leaves must show: one of them is filled in or has an error."""
    return any(form[leaf.form_name].errors or form[leaf.form_name].value() for leaf in leaves)


@register.filter
def live_state(draft):
    """`draft|live_state`: its live assistant, changes not yet live and drift (services.live)."""
    from assistants.services.live import live_state as state

    return state(draft)
