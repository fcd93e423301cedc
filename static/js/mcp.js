// MCP server rows: after "Connect and list tools", write the ticked tools and approvals into
// the row's own fields (allowed tools, approval rules), which the section then saves.
"use strict";

const mcpField = (row, prefix, name) => row.querySelector(`[name='${prefix}-${name}']`);
const mcpSet = (el, value) => {
  if (!el) return;
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true })); // marks the section unsaved
};
const mcpRadio = (row, prefix, name, value) => {
  const radio = row.querySelector(`[name='${prefix}-${name}'][value='${value}']`);
  if (radio) { radio.checked = true; radio.dispatchEvent(new Event("change", { bubbles: true })); }
};

document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-mcp-apply]");
  if (!button) return;
  const box = button.closest("[data-mcp-row]");
  const row = button.closest("[data-row]");
  const prefix = box.dataset.mcpRow;
  const tools = [...box.querySelectorAll("[data-mcp-tools] tbody tr")];
  const allowed = tools.filter((tr) => tr.querySelector("[data-mcp-allow]").checked).map((tr) => tr.dataset.tool);
  const asked = tools
    .filter((tr) => allowed.includes(tr.dataset.tool) && tr.querySelector("[data-mcp-ask]").checked)
    .map((tr) => tr.dataset.tool);
  mcpRadio(row, prefix, "allowed_mode", "names");
  mcpSet(mcpField(row, prefix, "allowed_read_only"), "");
  mcpSet(mcpField(row, prefix, "allowed_names"), allowed.join("\n"));
  mcpSet(mcpField(row, prefix, "always_read_only"), "");
  mcpSet(mcpField(row, prefix, "never_read_only"), "");
  let summary;
  if (asked.length === allowed.length) {
    mcpRadio(row, prefix, "approval", "always");
    mcpSet(mcpField(row, prefix, "always_names"), "");
    mcpSet(mcpField(row, prefix, "never_names"), "");
    summary = "a person approves every call";
  } else if (asked.length === 0) {
    mcpRadio(row, prefix, "approval", "never");
    mcpSet(mcpField(row, prefix, "always_names"), "");
    mcpSet(mcpField(row, prefix, "never_names"), "");
    summary = "no call needs approval";
  } else {
    mcpRadio(row, prefix, "approval", "rules");
    mcpSet(mcpField(row, prefix, "always_names"), asked.join("\n"));
    mcpSet(mcpField(row, prefix, "never_names"), allowed.filter((name) => !asked.includes(name)).join("\n"));
    summary = `a person approves ${asked.join(", ")} first`;
  }
  const note = box.querySelector("[data-mcp-applied]");
  note.textContent = `Filled in below: ${allowed.length} tool${allowed.length === 1 ? "" : "s"} allowed; ${summary}. Save the section to keep it.`;
});

// Say something while a server is being reached (a few seconds at most).
document.addEventListener("htmx:beforeRequest", (event) => {
  const button = event.detail.elt;
  if (!button.matches || !button.matches("[data-mcp-discover]")) return;
  const target = document.getElementById(button.closest("[data-mcp-row]").dataset.mcpRow + "-discovery");
  if (target) target.innerHTML = "<p class='small muted'>Connecting…</p>";
});

// A server that answered names itself: an empty "Server name" box takes that name, so a
// person does not have to invent one (a name they typed is never replaced).
document.addEventListener("htmx:afterSwap", (event) => {
  const suggested = event.detail.target.querySelector && event.detail.target.querySelector("[data-mcp-label]");
  if (!suggested) return;
  const box = event.detail.target.closest("[data-mcp-row]");
  const label = box && mcpField(box.closest("[data-row]"), box.dataset.mcpRow, "server_label");
  if (label && !label.value.trim()) mcpSet(label, suggested.dataset.mcpLabel);
});

// Rows added on the page carry htmx buttons: let htmx see them.
document.addEventListener("click", (event) => {
  const add = event.target.closest && event.target.closest("[data-add-row]");
  if (add && window.htmx) setTimeout(() => window.htmx.process(add.closest("[data-formset]")), 0);
});

// Show a rule's fields only when that rule is chosen (without JavaScript all stay visible).
const MCP_DEPENDENT = {
  allowed_mode: { allowed_read_only: ["rule"], allowed_names: ["names", "rule"] },
  approval: {
    always_read_only: ["rules"], always_names: ["rules"], never_read_only: ["rules"], never_names: ["rules"],
  },
};
const mcpToggle = (row) => {
  const box = row.querySelector("[data-mcp-row]");
  if (!box) return;
  const prefix = box.dataset.mcpRow;
  for (const [choice, fields] of Object.entries(MCP_DEPENDENT)) {
    const picked = row.querySelector(`[name='${prefix}-${choice}']:checked`);
    for (const [name, shownFor] of Object.entries(fields)) {
      const input = mcpField(row, prefix, name);
      const wrapper = input && input.closest(".field");
      if (wrapper) wrapper.hidden = !picked || !shownFor.includes(picked.value);
    }
  }
};
const mcpToggleAll = (root) => root.querySelectorAll("[data-row]").forEach(mcpToggle);
document.addEventListener("change", (event) => {
  const row = event.target.closest && event.target.closest("[data-row]");
  if (row && event.target.type === "radio") mcpToggle(row);
});
document.addEventListener("DOMContentLoaded", () => mcpToggleAll(document));
document.addEventListener("htmx:afterSettle", () => mcpToggleAll(document));
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("[data-add-row]")) setTimeout(() => mcpToggleAll(document), 0);
});
