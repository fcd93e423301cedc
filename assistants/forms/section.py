"""SectionEditor: the form (and formsets) for one section of a draft, from the catalogue.

It shows what is stored, turns what was posted into contract paths to set or clear, and
puts the contract's verdict back beside the fields it concerns.
"""

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import formset_factory

from assistants.contract import FieldError, FieldSpec, Section, specs_by_section
from assistants.contract.paths import assemble, read_path
from assistants.forms.collections import RowForm, row_form_for, rows_to_value, stored_rows
from assistants.forms.kinds import form_field, initial_value, to_config
from assistants.forms.leaves import LIST_KINDS, Leaf, leaves_of
from assistants.params import strict_int
from directory.identifiers import cannot_reason, current_directory

# More rows than any upstream accepts in one list (OpenAI allows 128 tools).
MAX_ROWS = 128


class CappedFormSet(forms.BaseFormSet):
    """A formset that refuses a posted TOTAL_FORMS over MAX_ROWS before building any form:
    even Django's absolute_max would build (and re-render) MAX_ROWS forms for a forged count."""

    def __init__(self, data=None, *args, prefix=None, **kwargs) -> None:
        self.claimed_too_many = False
        if data is not None and prefix:
            key = f"{prefix}-TOTAL_FORMS"
            claimed = strict_int(data.get(key))
            if claimed is not None and claimed > MAX_ROWS:
                self.claimed_too_many = True
                data = data.copy()
                # Only the rows already stored are bound again (and shown with the error).
                stored = strict_int(data.get(f"{prefix}-INITIAL_FORMS")) or 0
                data[key] = str(min(stored, MAX_ROWS))
        super().__init__(data, *args, prefix=prefix, **kwargs)

    def clean(self) -> None:
        if self.claimed_too_many:
            raise forms.ValidationError(
                f"At most {MAX_ROWS} rows can be saved here. Remove some.", code="too_many_forms"
            )


_INDEX = re.compile(r"^\[(\d+)\]\.?(.*)$")


@dataclass
class Block:
    """One thing the section template renders, in catalogue order."""

    spec: FieldSpec
    leaves: list[Leaf]
    formset: Any = None

    @property
    def advanced_leaves(self) -> list[Leaf]:
        """Expert parts of a nested object (a schema's ID), folded inside its fieldset.

        Only inside a nested object that also shows basic leaves: the template folds them
        there, and a leaf that is not rendered would be cleared on save.
        """
        shown = {leaf.group for leaf in self.leaves if not leaf.spec.is_advanced}
        return [
            leaf
            for leaf in self.leaves
            if leaf.spec.is_advanced and leaf.group in shown and leaf.group != self.spec.label
        ]

    @property
    def basic_leaves(self) -> list[Leaf]:
        folded = self.advanced_leaves
        return [leaf for leaf in self.leaves if leaf not in folded]

    @property
    def is_group(self) -> bool:
        return len(self.leaves) > 1 or (self.leaves and self.leaves[0].group != "")


def _explain_reasoning(field: forms.Field, config: dict) -> None:
    """Reasoning settings do nothing for a model the platform says cannot reason: say so,
    and keep them as they are (disabled) until a model that can is chosen."""
    directory = current_directory()
    model = cannot_reason(directory, config.get("default_model_key")) if directory else None
    if model is not None:
        field.disabled = True
        field.help_text = (
            f"{model.name} cannot reason, so this setting is not used. Choose a model marked "
            "“can reason” under Model to change it."
        )


class SectionForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SectionEditor:
    is_shell = False  # the editor page also lists sections it has not rendered yet
    kept_secrets = False  # secrets typed before a failed save are kept (views/pending_secrets)

    def __init__(
        self,
        section: Section,
        config: dict,
        *,
        data=None,
        base_version: int = 0,
        readonly: bool = False,
        directory: Any = None,  # unused: widgets read the page's directory scope
    ) -> None:
        self.section, self.config, self.readonly = section, config, readonly
        if (directory := current_directory()) is not None:
            directory.load_config(config)  # every id's name in one query, not one per field
        self.blocks: list[Block] = []
        self.form = SectionForm(data, initial={"base_version": base_version}, prefix=section.value)
        for spec in specs_by_section()[section]:
            if spec.kind in LIST_KINDS:
                self.blocks.append(Block(spec, [], self._formset(spec, data)))
                continue
            leaves = leaves_of(spec)
            for leaf in leaves:
                stored = read_path(config, leaf.path)
                field = form_field(leaf.spec, stored=stored)
                field.initial = initial_value(leaf.spec, stored)
                if leaf.path.startswith("reasoning."):
                    _explain_reasoning(field, config)
                self.form.fields[leaf.form_name] = field
            self.blocks.append(Block(spec, leaves))
        if readonly:
            for form in self._all_forms():
                for field in form.fields.values():
                    field.disabled = True

    def _formset(self, spec: FieldSpec, data) -> Any:
        row_form = row_form_for(spec)
        # A cap on rows that the posted TOTAL_FORMS cannot raise: Django builds
        # min(TOTAL_FORMS, absolute_max) forms, 2,000 by default (30 s of work for 100,000,000).
        formset_class = formset_factory(
            row_form,
            formset=CappedFormSet,
            extra=0,
            can_delete=True,
            can_order=True,
            max_num=MAX_ROWS,
            absolute_max=MAX_ROWS,
            validate_max=True,
        )
        rows = stored_rows(spec, read_path(self.config, spec.name))
        initial = [row_form.initial_for(item, index) for index, item in enumerate(rows)]
        prefix = f"{self.section.value}-{spec.name.replace('.', '-')}"
        return formset_class(
            data,
            initial=initial,
            prefix=prefix,
            error_messages={
                "too_many_forms": f"At most {MAX_ROWS} rows can be saved here. Remove some.",
            },
        )

    def every_form(self) -> list[forms.Form]:
        """The section's form and every row form (not the blank row template)."""
        found: list[forms.Form] = [self.form]
        for block in self.blocks:
            if block.formset is not None:
                found.extend(block.formset.forms)
        return found

    def _all_forms(self) -> list[forms.Form]:
        forms_: list[forms.Form] = [self.form]
        for block in self.blocks:
            if block.formset is not None:
                forms_.extend(block.formset.forms)
                forms_.append(block.formset.empty_form)
        return forms_

    @property
    def base_version(self) -> int:
        return self.form.cleaned_data.get("base_version") or 0

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for block in self.blocks:
            if block.formset is not None:
                valid = block.formset.is_valid() and valid
        return valid

    def _row_forms(self, block: Block) -> list[RowForm]:
        formset = block.formset
        kept = [f for f in formset.ordered_forms if not formset._should_delete_form(f)]
        unordered = [
            f
            for f in formset.forms
            if f not in formset.ordered_forms
            and not formset._should_delete_form(f)
            and f.has_changed()
        ]
        return kept + unordered

    def changes(self, *, partial: bool = False) -> tuple[dict[str, Any], list[str]]:
        """The (dotted) paths to set and the paths to clear. Call after is_valid().

        With `partial`, also after a failed is_valid(): fields (and lists) the form could
        not read keep their stored value, so the contract can still judge the rest and both
        kinds of problem are reported in one save.
        """
        values: dict[str, Any] = {}
        removed: list[str] = []
        self._item_forms: dict[str, list[RowForm]] = {}
        for block in self.blocks:
            path = block.spec.name
            stored = read_path(self.config, path)
            if partial and self._block_has_errors(block):
                if block.formset is None and block.is_group:
                    self._partial_group(block, values, removed)
                continue
            if block.formset is not None:
                stored_list = stored_rows(block.spec, stored)
                forms_ = self._row_forms(block)
                self._item_forms[path] = forms_
                items = [f.to_item(f.stored_item(stored_list)) for f in forms_]
                value = rows_to_value(block.spec, items)
            else:
                leaf_values = {
                    leaf.path: to_config(
                        leaf.spec,
                        self.form.cleaned_data.get(leaf.form_name),
                        read_path(self.config, leaf.path),
                        self.form.fields[leaf.form_name],
                    )
                    for leaf in block.leaves
                }
                value = leaf_values.get(path) if not block.is_group else assemble(leaf_values, path)
            if value is None and stored in ([], {}):
                # An empty list or object says as much as nothing; it was stored, so it stays.
                continue
            if value is None:
                if stored is not None:
                    removed.append(path)
            else:
                values[path] = value
        return values, removed

    def _partial_group(self, block: Block, values: dict[str, Any], removed: list[str]) -> None:
        """A group whose leaves are partly unreadable: change only the readable leaves."""
        for leaf in block.leaves:
            if leaf.form_name in self.form.errors:
                continue
            stored = read_path(self.config, leaf.path)
            value = to_config(leaf.spec, self.form.cleaned_data.get(leaf.form_name), stored)
            if value is None and stored is not None:
                removed.append(leaf.path)
            elif value is not None:
                values[leaf.path] = value

    def add_contract_errors(self, errors: list[FieldError]) -> None:
        """Show each error beside the field it concerns (the section's top as a fallback)."""
        for error in errors:
            if not self._place_in_rows(error):
                self._place_in_form(error)

    def _place_in_rows(self, error: FieldError) -> bool:
        for path, forms_ in getattr(self, "_item_forms", {}).items():
            if not error.path.startswith(path + "["):
                continue
            match = _INDEX.match(error.path[len(path) :])
            if match and int(match.group(1)) < len(forms_):
                form = forms_[int(match.group(1))]
                form.add_error(form.field_for_error(match.group(2)), error.message)
                return True
        return False

    def _place_in_form(self, error: FieldError) -> None:
        name = error.path.replace(".", "__")
        while name and name not in self.form.fields:
            name = name.rpartition("__")[0]
        if name in self.form.fields and not self.form.has_error(name):
            self.form.add_error(name, error.message)
        elif name not in self.form.fields:
            self.form.add_error(None, error.message)

    @property
    def basic_blocks(self) -> list[Block]:
        return [block for block in self.blocks if not block.spec.is_advanced]

    @property
    def advanced_blocks(self) -> list[Block]:
        """Experts' settings, shown behind the section's "Advanced settings"."""
        return [block for block in self.blocks if block.spec.is_advanced]

    def _block_has_errors(self, block: Block) -> bool:
        if block.formset is not None:
            formset = block.formset
            return formset.is_bound and (any(formset.errors) or bool(formset.non_form_errors()))
        return self.form.is_bound and any(
            leaf.form_name in self.form.errors for leaf in block.leaves
        )

    @property
    def advanced_has_errors(self) -> bool:
        """An advanced setting needs fixing: its details open by themselves."""
        return any(self._block_has_errors(block) for block in self.advanced_blocks)

    @property
    def has_errors(self) -> bool:
        if self.form.is_bound and self.form.errors:
            return True
        return any(
            block.formset is not None
            and block.formset.is_bound
            and (any(block.formset.errors) or block.formset.non_form_errors())
            for block in self.blocks
        )
