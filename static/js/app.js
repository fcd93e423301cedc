// Progressive enhancements. Every page works without this file: forms post normally,
// rows can be added with the blank ones the server renders, order is a number field.
"use strict";
document.documentElement.classList.add("js");

const on = (type, selector, handler) =>
  document.addEventListener(type, (event) => {
    const el = event.target.closest && event.target.closest(selector);
    if (el) handler(event, el);
  });

// Organisation switcher submits on change.
on("change", "select[data-autosubmit]", (e, el) => el.form.requestSubmit());

// --- Unsaved changes -------------------------------------------------------------------
const dirtyForms = new Set();
const markDirty = (form) => {
  if (!form || !form.matches("[data-section-form]")) return;
  dirtyForms.add(form);
  const note = form.querySelector(".dirty-note");
  if (note) note.textContent = "Unsaved changes";
};
on("input", "[data-section-form] :is(input, textarea, select)", (e, el) => markDirty(el.form));
on("change", "[data-section-form] :is(input, textarea, select)", (e, el) => markDirty(el.form));
window.addEventListener("beforeunload", (event) => {
  for (const form of dirtyForms) if (!document.contains(form)) dirtyForms.delete(form);
  if (dirtyForms.size) { event.preventDefault(); event.returnValue = ""; }
});
document.addEventListener("submit", (event) => dirtyForms.delete(event.target));

// After htmx swaps a section in: focus the first field with an error so it is announced;
// after a save, the section's "Saved" status (not the top of the page); after a jump from the
// section list to a section that was still loading, that section's heading.
let pendingSection = null;
const focusSection = (section) => {
  if (section.classList.contains("collapsed")) setFold(section, true);
  const heading = section.querySelector("h2");
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
  section.scrollIntoView({ block: "start" });
};
document.addEventListener("htmx:afterSettle", (event) => {
  // With outerHTML swaps the event's target is the old node: find the new one by id.
  const id = event.detail.target.id;
  const swapped = (id && document.getElementById(id)) || document;
  const invalid = swapped.querySelector("[aria-invalid=true]");
  const saved = swapped.querySelector(".saved[role=status]");
  if (invalid) invalid.focus();
  else if (saved && event.detail.requestConfig && event.detail.requestConfig.verb === "post") saved.focus();
  else if (pendingSection && id === pendingSection) { pendingSection = null; focusSection(swapped); }
  enhance(swapped);
});
on("click", ".section-nav a[href^='#section-']", (e, link) => {
  const id = link.getAttribute("href").slice(1);
  const target = document.getElementById(id);
  if (!target) return;
  if (target.classList.contains("section-shell")) {
    pendingSection = id; // the jump reveals it, htmx loads it, then focus goes in
  } else {
    e.preventDefault();
    history.replaceState(null, "", `#${id}`);
    focusSection(target);
  }
});

// htmx does not swap 4xx by default; a section with errors comes back as 200, but be safe.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 422) { event.detail.shouldSwap = true; event.detail.isError = false; }
});

// An error stays beside a field only until the person changes it: a stale "required" under a
// name they have since typed is wrong, and the next save checks it again anyway.
on("input", ".field.has-error :is(input, textarea, select)", (e, el) => {
  const row = el.closest(".field");
  row.classList.remove("has-error");
  row.querySelectorAll(":scope > .error").forEach((p) => p.remove());
  el.removeAttribute("aria-invalid");
  const described = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.endsWith("_error"));
  if (described.length) el.setAttribute("aria-describedby", described.join(" ")); else el.removeAttribute("aria-describedby");
});

// --- Key/value rows --------------------------------------------------------------------
on("click", "[data-kv-add]", (e, button) => {
  const rows = button.closest("[data-kv]").querySelectorAll(".kv-row");
  const clone = rows[rows.length - 1].cloneNode(true);
  clone.querySelectorAll("input").forEach((input) => { input.value = ""; input.placeholder = input.placeholder.startsWith("••") ? "Value" : input.placeholder; });
  button.before(clone);
  clone.querySelector("input").focus();
  markDirty(button.closest("form"));
});

// --- Formset rows: add, move, remove ---------------------------------------------------
const renumber = (list) => {
  list.querySelectorAll(":scope > [data-row]").forEach((row, index) => {
    const order = row.querySelector("input[name$='-ORDER']");
    if (order) order.value = index + 1;
  });
};
on("click", "[data-add-row]", (e, button) => {
  const group = button.closest("[data-formset]");
  const prefix = group.dataset.formset;
  const total = group.querySelector(`input[name='${prefix}-TOTAL_FORMS']`);
  const html = group.querySelector("template[data-empty-row]").innerHTML.replace(/__prefix__/g, total.value);
  const list = group.querySelector("[data-rows]");
  list.insertAdjacentHTML("beforeend", html);
  total.value = Number(total.value) + 1;
  renumber(list);
  const empty = group.querySelector(".empty-rows");
  if (empty) empty.remove();
  list.lastElementChild.querySelector("input:not([type=hidden]), select, textarea").focus();
  markDirty(button.closest("form"));
});
on("click", "[data-move]", (e, button) => {
  const row = button.closest("[data-row]");
  const list = row.parentElement;
  if (button.dataset.move === "up" && row.previousElementSibling) list.insertBefore(row, row.previousElementSibling);
  if (button.dataset.move === "down" && row.nextElementSibling) list.insertBefore(row.nextElementSibling, row);
  renumber(list);
  button.focus();
  markDirty(button.closest("form"));
});
on("change", ".remove-row input[type=checkbox]", (e, box) => {
  box.closest("[data-row]").classList.toggle("removed", box.checked);
});

// --- JSON editors: checked as you type --------------------------------------------------
const checkJson = (area) => {
  let note = area.parentElement.querySelector(".json-status");
  if (!note) {
    note = document.createElement("p");
    note.className = "json-status small";
    note.setAttribute("aria-live", "polite");
    area.after(note);
  }
  if (!area.value.trim()) { note.textContent = ""; area.removeAttribute("aria-invalid"); return; }
  try {
    const value = JSON.parse(area.value);
    const needsObject = /parameters|schema/i.test(area.name);
    if (needsObject && (typeof value !== "object" || Array.isArray(value) || value === null)) {
      throw new Error("it must be a JSON object, in { }");
    }
    note.textContent = "Valid JSON"; note.className = "json-status small ok"; area.removeAttribute("aria-invalid");
  } catch (error) {
    note.textContent = `Not valid JSON yet: ${error.message}`; note.className = "json-status small bad";
    area.setAttribute("aria-invalid", "true");
  }
};
on("input", "textarea[data-json]", (e, area) => checkJson(area));

// --- Character counts -------------------------------------------------------------------
const count = (el) => {
  let note = el.parentElement.querySelector(".char-count");
  if (!note) { note = document.createElement("p"); note.className = "char-count small muted"; el.after(note); }
  const max = Number(el.dataset.maxlength);
  note.textContent = `${el.value.length.toLocaleString()} / ${max.toLocaleString()} characters`;
  note.classList.toggle("bad", el.value.length > max);
};
on("input", "[data-maxlength]", (e, el) => count(el));

// --- Temperature and top_p: sliders and named presets -----------------------------------
// The help says to change creativity or top P, not both: presets set creativity and put
// top P back to the API's default (1, which is then not stored).
const PRESETS = { Precise: { temperature: 0.2, top_p: 1 }, Balanced: { temperature: 0.7, top_p: 1 }, Creative: { temperature: 1.2, top_p: 1 } };
const addSlider = (input, max) => {
  if (input.dataset.slider) return;
  input.dataset.slider = "1";
  const range = document.createElement("input");
  Object.assign(range, { type: "range", min: 0, max, step: 0.05, value: input.value || input.placeholder || 0 });
  range.setAttribute("aria-label", `${input.labels[0].textContent.trim()} slider`);
  range.className = "slider";
  input.after(range);
  range.addEventListener("input", () => { input.value = range.value; markDirty(input.form); });
  input.addEventListener("input", () => { range.value = input.value; });
};
// "Advanced settings" in each section stay open or closed as this person left them.
const advancedKey = (details) => `advanced:${document.body.dataset.user || ""}:${details.dataset.advanced}`;
const restoreAdvanced = (root) => {
  root.querySelectorAll("details[data-advanced]").forEach((details) => {
    if (details.hasAttribute("data-forced-open")) return;
    try { details.open = localStorage.getItem(advancedKey(details)) === "1"; } catch { /* private mode */ }
  });
};
document.addEventListener("toggle", (event) => {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.dataset.advanced) return;
  try { localStorage.setItem(advancedKey(details), details.open ? "1" : "0"); } catch { /* private mode */ }
}, true);

// --- Phones: sections fold to their headings, so the page is a list, not 20 screens ------
const phone = window.matchMedia("(max-width: 1023px)");
const unfolded = new Set(); // section ids this person opened (kept across htmx swaps)
const setFold = (section, open) => {
  const button = section.querySelector(".section-toggle");
  section.classList.toggle("collapsed", !open);
  if (button) button.setAttribute("aria-expanded", String(open));
  if (open) unfolded.add(section.id); else unfolded.delete(section.id);
};
const foldSections = (root) => {
  const sections = root.matches && root.matches(".editor-section") ? [root] : [...root.querySelectorAll(".editor-section")];
  const wanted = (location.hash || "").slice(1) || `section-${new URLSearchParams(location.search).get("section") || "basics"}`;
  sections.forEach((section) => {
    const header = section.querySelector(".section-header");
    if (!header || section.querySelector(".section-toggle")) return;
    const title = header.querySelector("h2").textContent.trim();
    const button = document.createElement("button");
    button.type = "button";
    button.className = "section-toggle button button-small";
    button.innerHTML = "<span class='toggle-open'>Hide</span><span class='toggle-closed'>Show</span><span class='visually-hidden'></span>";
    button.querySelector(".visually-hidden").textContent = ` ${title}`;
    button.addEventListener("click", () => setFold(section, section.classList.contains("collapsed")));
    header.append(button);
    const needed = section.querySelector(".form-error, [aria-invalid=true], .saved") || section.id === wanted;
    setFold(section, !phone.matches || unfolded.has(section.id) || !!needed);
  });
};
phone.addEventListener("change", () => document.querySelectorAll(".editor-section").forEach((s) => setFold(s, !phone.matches || unfolded.has(s.id))));
document.addEventListener("scroll", (event) => {
  const list = event.target;
  if (list instanceof Element && list.matches(".section-nav ol")) {
    list.parentElement.classList.toggle("at-end", list.scrollLeft + list.clientWidth >= list.scrollWidth - 4);
  }
}, true);

// The answer format's schema parts only matter for "JSON following a schema".
const showSchemaParts = (select) => {
  const group = select.closest("fieldset.group");
  const parts = group && group.querySelector("fieldset.subgroup");
  if (parts) parts.hidden = select.value !== "json_schema";
};
on("change", "select[name$='text_config__output_mode']", (e, select) => showSchemaParts(select));

const enhance = (root) => {
  restoreAdvanced(root);
  root.querySelectorAll("select[name$='text_config__output_mode']").forEach(showSchemaParts);
  foldSections(root);
  root.querySelectorAll("textarea[data-json]").forEach(checkJson);
  root.querySelectorAll("[data-maxlength]").forEach(count);
  const temperature = root.querySelector("input[name='generation-temperature']");
  const topP = root.querySelector("input[name='generation-top_p']");
  if (temperature && topP && !temperature.dataset.slider) {
    addSlider(temperature, 2);
    addSlider(topP, 1);
    const bar = document.createElement("div");
    bar.className = "presets";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Presets");
    bar.innerHTML = "<span class='muted small'>Presets:</span>";
    for (const [name, values] of Object.entries(PRESETS)) {
      const b = document.createElement("button");
      b.type = "button"; b.className = "button button-small"; b.textContent = name;
      b.title = `Creativity ${values.temperature}; top P left at the API default`;
      b.addEventListener("click", () => {
        temperature.value = values.temperature; topP.value = values.top_p;
        temperature.dispatchEvent(new Event("input", { bubbles: true }));
        topP.dispatchEvent(new Event("input", { bubbles: true }));
      });
      bar.append(b);
    }
    temperature.closest(".field").before(bar);
  }
};
document.addEventListener("DOMContentLoaded", () => enhance(document));

// --- One target: the preview's "Send to" and Submit's "Send to" follow each other -------
on("change", "[data-preview-select]", (e, select) => {
  document.querySelectorAll("[data-preview-target]").forEach((input) => { input.value = select.value; });
  const submit = document.getElementById("submit-connection");
  const [kind, ident] = select.value.split(":");
  if (submit && kind === "connection" && submit.value !== ident) submit.value = ident;
});
on("change", "#submit-connection", (e, submit) => {
  const preview = document.querySelector("[data-preview-select]");
  const value = `connection:${submit.value}`;
  if (preview && preview.value !== value && [...preview.options].some((o) => o.value === value)) {
    preview.value = value;
    preview.dispatchEvent(new Event("change", { bubbles: true }));
  }
});

// --- Destructive actions ask first ---------------------------------------------------------
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset && form.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
}, true);

// --- Names are unique in an organisation: say so while the person types ------------------
let nameTimer;
on("input", "form[data-name-check] input:is([name='name'], [name='basics-name'])", (e, input) => {
  clearTimeout(nameTimer);
  nameTimer = setTimeout(async () => {
    const url = new URL(input.form.dataset.nameCheck, window.location.href);
    url.searchParams.set("name", input.value);
    const answer = await (await fetch(url, { headers: { Accept: "application/json" } })).json();
    let note = input.parentElement.querySelector(".name-check");
    if (!note) {
      note = document.createElement("p");
      note.setAttribute("aria-live", "polite");
      input.after(note);
    }
    note.className = `name-check small ${answer.ok ? "ok" : "bad"}`;
    note.textContent = answer.message;
  }, 350);
});

// --- Copy buttons ---------------------------------------------------------------------
on("click", "[data-copy]", async (e, button) => {
  const text = document.querySelector(button.dataset.copy).innerText;
  try { await navigator.clipboard.writeText(text); button.textContent = "Copied"; }
  catch { button.textContent = "Select and copy"; }
  setTimeout(() => { button.textContent = "Copy"; }, 2000);
});

// --- Directory pickers: add by name, remove with ×; the lines box holds the ids ----------
const pickerLines = (picker) => picker.querySelector("[data-picker-lines]");
const pickerIds = (picker) => pickerLines(picker).value.split("\n").map((s) => s.trim()).filter(Boolean);
const setPickerIds = (picker, ids) => {
  pickerLines(picker).value = ids.join("\n");
  markDirty(picker.closest("form"));
};
on("change", "[data-picker-search]", (e, input) => {
  const picker = input.closest("[data-picker]");
  const typed = input.value.trim();
  if (!typed) return;
  const match = typed.match(/\(([^()]+)\)$/);
  const option = [...input.list.options].find((o) => o.value.toLowerCase().startsWith(typed.toLowerCase() + " ("));
  const id = match ? match[1] : option ? option.value.match(/\(([^()]+)\)$/)[1] : typed;
  const name = match ? typed.replace(/\s*\([^()]+\)$/, "") : option ? option.value.replace(/\s*\([^()]+\)$/, "") : null;
  if (!pickerIds(picker).includes(id)) {
    setPickerIds(picker, [...pickerIds(picker), id]);
    const chip = document.createElement("li");
    chip.className = name ? "chip" : "chip chip-unknown";
    chip.dataset.id = id;
    chip.innerHTML = name ? "" : "<code></code> <span class='muted'>(unknown)</span>";
    if (name) chip.textContent = name; else chip.querySelector("code").textContent = id;
    const remove = document.createElement("button");
    remove.type = "button"; remove.className = "chip-remove"; remove.textContent = "×";
    remove.setAttribute("aria-label", `Remove ${name || id}`);
    chip.append(" ", remove);
    picker.querySelector("[data-picker-chips]").append(chip);
  }
  input.value = "";
});
on("keydown", "[data-picker-search]", (e, input) => {
  if (e.key === "Enter") { e.preventDefault(); input.dispatchEvent(new Event("change", { bubbles: true })); }
});
on("click", ".chip-remove", (e, button) => {
  const chip = button.closest(".chip");
  const picker = chip.closest("[data-picker]");
  setPickerIds(picker, pickerIds(picker).filter((id) => id !== chip.dataset.id));
  chip.remove();
});
