// The JSON Schema builder: rows of fields (name, type, description, required, allowed values;
// groups and lists nest) that write the JSON Schema in the textarea beside them, and are
// redrawn from it when a developer edits the JSON. The textarea is what the form posts, so
// without this file the JSON still works. Keywords the rows don't show (minimum, format, …)
// are kept as they are.
"use strict";
(() => {
  const TYPES = [
    ["string", "Text"], ["number", "Number"], ["integer", "Whole number"],
    ["boolean", "Yes / no"], ["object", "Group of fields"], ["array", "List"],
  ];
  const KNOWN = new Set(TYPES.map(([value]) => value));
  const OWNED = ["type", "description", "enum", "properties", "required", "items", "additionalProperties"];
  let counter = 0;

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const rest = (node, keys) => Object.fromEntries(Object.entries(node).filter(([k]) => !keys.includes(k)));

  // --- Schema → rows ----------------------------------------------------------------------
  const typeOf = (node) => (typeof node.type === "string" && KNOWN.has(node.type) ? node.type
    : !("type" in node) && isObject(node.properties) ? "object" : "other");
  const fieldFrom = (name, node, required) => {
    node = isObject(node) ? node : {};
    const type = typeOf(node);
    const field = {
      name, required, type, description: node.description || "",
      values: Array.isArray(node.enum) ? node.enum.join(", ") : "",
      extra: type === "other" ? rest(node, ["description"]) : rest(node, OWNED),
      children: [], item: null,
    };
    if (type === "object") field.children = fieldsOf(node);
    if (type === "array") field.item = fieldFrom("", node.items, false);
    return field;
  };
  const fieldsOf = (node) => {
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    return Object.entries(isObject(node.properties) ? node.properties : {})
      .map(([name, child]) => fieldFrom(name, child, required.has(name)));
  };

  // --- Rows → schema ----------------------------------------------------------------------
  const enumOf = (field) => {
    if (!["string", "number", "integer"].includes(field.type)) return [];
    const parts = field.values.split(",").map((s) => s.trim()).filter(Boolean);
    return field.type === "string" ? parts : parts.map(Number).filter((n) => !Number.isNaN(n));
  };
  const objectOf = (fields, strict) => {
    const named = fields.filter((f) => f.name.trim());
    const out = { properties: Object.fromEntries(named.map((f) => [f.name.trim(), nodeOf(f, strict)])) };
    const required = named.filter((f) => strict || f.required).map((f) => f.name.trim());
    if (required.length) out.required = required;
    out.additionalProperties = false; // no fields beyond these: what strict mode needs too
    return out;
  };
  const nodeOf = (field, strict) => {
    const node = field.type === "other" ? {} : { type: field.type };
    if (field.description) node.description = field.description;
    const values = enumOf(field);
    if (values.length) node.enum = values;
    Object.assign(node, field.extra);
    if (field.type === "object") Object.assign(node, objectOf(field.children, strict));
    if (field.type === "array") node.items = nodeOf(field.item, strict);
    return node;
  };

  // --- Drawing ----------------------------------------------------------------------------
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };
  const labelled = (text, control, className = "") => {
    control.id = `sb-${++counter}`;
    return el("div", { className: `sb-cell ${className}` }, el("label", { htmlFor: control.id, textContent: text }), control);
  };
  const typeSelect = (value, types) => {
    const select = el("select");
    for (const [v, label] of types) select.append(el("option", { value: v, textContent: label }));
    if (value === "other") select.append(el("option", { value: "other", textContent: "Other (see the JSON)" }));
    select.value = value;
    return select;
  };

  class Builder {
    constructor(root) {
      this.root = root;
      this.area = root.querySelector("textarea");
      this.panel = root.querySelector("[data-schema-builder]");
      this.view = root.querySelector("[data-schema-json-view]");
      this.readonly = this.panel.hasAttribute("data-readonly") || this.area.disabled;
      const scope = root.closest("[data-row], fieldset.group, form");
      this.strictControl = scope && scope.querySelector("[name$='json_schema__strict'], [name$='function_strict']");
      this.panel.hidden = false;
      this.read();
      if (this.representable) this.view.open = false;
      this.area.addEventListener("input", () => { if (!this.writing) { this.read(); } });
      if (this.strictControl) this.strictControl.addEventListener("change", () => { this.draw(); this.write(); });
    }

    get strict() {
      const c = this.strictControl;
      return !!c && (c.type === "checkbox" ? c.checked : c.value === "true");
    }

    read() {
      const text = this.area.value.trim();
      let schema = {};
      try { schema = text ? JSON.parse(text) : {}; } catch { this.note("The JSON below is not valid yet; the rows show its last valid state."); return; }
      this.representable = isObject(schema) && ["object", "other"].includes(typeOf(schema)) && (typeOf(schema) === "object" || !text);
      if (!this.representable) {
        this.fields = null;
        this.panel.replaceChildren(el("p", { className: "muted small", textContent: "This schema is not a group of fields, so it is edited as JSON below." }));
        return;
      }
      this.rootExtra = rest(schema, OWNED);
      this.fields = fieldsOf(schema);
      this.draw();
    }

    note(text) {
      let note = this.panel.querySelector(".sb-note");
      if (!note) { note = el("p", { className: "sb-note small bad" }); this.panel.prepend(note); }
      note.textContent = text;
    }

    write() {
      if (!this.fields) return;
      const named = this.fields.some((f) => f.name.trim());
      const schema = { type: "object", ...this.rootExtra, ...objectOf(this.fields, this.strict) };
      this.writing = true;
      this.area.value = named ? JSON.stringify(schema, null, 2) : "";
      this.area.dispatchEvent(new Event("input", { bubbles: true }));
      this.writing = false;
    }

    draw(focusPath) {
      const list = this.list(this.fields, [], "Fields");
      const parts = [list];
      if (this.strict) parts.unshift(el("p", { className: "help", textContent: "Follow exactly is on: every field is required and no other fields are allowed." }));
      if (!this.fields.length) parts.unshift(el("p", { className: "muted small", textContent: "No fields yet." }));
      this.panel.replaceChildren(...parts);
      if (focusPath) {
        const target = this.panel.querySelector(`[data-path="${focusPath}"] input`);
        if (target) target.focus();
      }
    }

    changed(redraw, focusPath) {
      if (redraw) this.draw(focusPath);
      this.write();
    }

    list(fields, path, owner) {
      const ol = el("ol", { className: "sb-rows" });
      fields.forEach((field, index) => ol.append(this.row(fields, field, [...path, index])));
      const wrap = el("div", { className: "sb-list" }, ol);
      if (!this.readonly) {
        const add = el("button", { type: "button", className: "button button-small", textContent: path.length ? "+ Add a field inside" : "+ Add a field" });
        add.setAttribute("aria-label", `Add a field to ${owner}`);
        add.addEventListener("click", () => {
          fields.push({ name: "", required: true, type: "string", description: "", values: "", extra: {}, children: [], item: null });
          this.changed(true, [...path, fields.length - 1].join("-"));
        });
        wrap.append(add);
      }
      return wrap;
    }

    row(fields, field, path) {
      const title = () => field.name || `field ${path[path.length - 1] + 1}`;
      const name = el("input", { type: "text", value: field.name, disabled: this.readonly, placeholder: "e.g. answer", autocomplete: "off" });
      name.addEventListener("input", () => { field.name = name.value; this.changed(false); });
      const type = typeSelect(field.type, TYPES);
      type.disabled = this.readonly;
      type.addEventListener("change", () => {
        field.type = type.value;
        if (field.type === "array" && !field.item) field.item = { name: "", type: "string", description: "", values: "", extra: {}, children: [], item: null };
        this.changed(true);
        const again = this.panel.querySelector(`[data-path="${path.join("-")}"] select`);
        if (again) again.focus();
      });
      const required = el("input", { type: "checkbox", checked: this.strict || field.required, disabled: this.readonly || this.strict });
      required.addEventListener("change", () => { field.required = required.checked; this.changed(false); });
      const description = el("input", { type: "text", value: field.description, disabled: this.readonly, placeholder: "What the assistant puts here" });
      description.addEventListener("input", () => { field.description = description.value; this.changed(false); });

      const cells = [labelled("Name", name, "sb-name"), labelled("Type", type, "sb-type"),
        labelled("Description", description, "sb-description")];
      const requiredCell = el("div", { className: "sb-cell sb-required" });
      required.id = `sb-${++counter}`;
      requiredCell.append(el("label", { className: "checkbox", htmlFor: required.id }, required, el("span", { textContent: "Required" })));
      cells.push(requiredCell);
      const valuesFor = (holder) => {
        if (!["string", "number", "integer"].includes(holder.type)) return null;
        const values = el("input", { type: "text", value: holder.values, disabled: this.readonly, placeholder: "Any; or e.g. low, medium, high" });
        values.addEventListener("input", () => { holder.values = values.value; this.changed(false); });
        return labelled("Allowed values (comma-separated)", values, "sb-values");
      };
      cells.push(valuesFor(field));

      const li = el("li", { className: "sb-row" });
      li.dataset.path = path.join("-");
      li.append(el("div", { className: "sb-cells" }, ...cells.filter(Boolean)));
      if (field.type === "object") li.append(this.nested(field.children, path, title()));
      if (field.type === "array") {
        const item = field.item;
        const itemType = typeSelect(item.type, TYPES.filter(([v]) => v !== "array"));
        itemType.disabled = this.readonly;
        itemType.addEventListener("change", () => { item.type = itemType.value; this.changed(true); });
        const itemCells = el("div", { className: "sb-cells sb-item" }, labelled("Each item is", itemType, "sb-type"), valuesFor(item));
        li.append(itemCells);
        if (item.type === "object") li.append(this.nested(item.children, [...path, "i"], `each item of ${title()}`));
      }
      if (!this.readonly) {
        const remove = el("button", { type: "button", className: "button button-small button-danger sb-remove", textContent: "Remove" });
        remove.setAttribute("aria-label", `Remove ${title()}`);
        remove.addEventListener("click", () => {
          fields.splice(fields.indexOf(field), 1);
          this.changed(true);
          const next = this.panel.querySelector("[data-path] input") || this.panel.querySelector("button");
          if (next) next.focus();
        });
        li.append(remove);
      }
      return li;
    }

    nested(children, path, owner) {
      return el("div", { className: "sb-nested" }, this.list(children, path, owner));
    }
  }

  const init = (root) => {
    root.querySelectorAll("[data-schema-field]").forEach((field) => {
      if (!field.dataset.ready) { field.dataset.ready = "1"; new Builder(field); }
    });
  };
  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("htmx:load", (event) => init(event.detail.elt));
  // Rows added from a formset's template (function tools) are not htmx content.
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-add-row]")) setTimeout(() => init(document), 0);
  });
})();
