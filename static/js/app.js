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
// A picker's search box holds what is being looked for, not a value of the draft: picking a
// result marks the form (addChip does), typing a search does not.
const EDITABLE = "[data-section-form] :is(input, textarea, select):not([data-picker-search], [data-gallery-search])";
on("input", EDITABLE, (e, el) => markDirty(el.form));
on("change", EDITABLE, (e, el) => markDirty(el.form));
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
  clone.querySelectorAll("input").forEach((input) => { input.value = ""; if (input.name.endsWith("__value")) input.placeholder = "Value"; });
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
  if (window.htmx) window.htmx.process(list.lastElementChild); // its pickers ask the server
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
  showGalleries(root);
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

// --- Directory pickers: suggestions from the server as you type (htmx fills the listbox),
// chips for what is chosen, the lines box (hidden) holds the ids. What was typed but is not
// a known id is flagged beside the field, never quietly added as an "id".
const pickerLines = (picker) => picker.querySelector("[data-picker-lines]");
const pickerIds = (picker) => pickerLines(picker).value.split("\n").map((s) => s.trim()).filter(Boolean);
const setPickerIds = (picker, ids) => {
  const lines = pickerLines(picker);
  lines.value = (picker.hasAttribute("data-single") ? ids.slice(-1) : ids).join("\n");
  markDirty(picker.closest("form"));
};
const pickerOptions = (picker) => picker.querySelector("[data-picker-options]");
// The order of a picker's events (typed, search sent, list closed): a counter, not the clock,
// so two events in the same millisecond still come in order.
let pickerStep = 0;
const pickerStamp = () => String(++pickerStep);
const closeOptions = (picker) => {
  const list = pickerOptions(picker);
  if (!list) return;
  list.hidden = true;
  picker.dataset.closedAt = pickerStamp();
  picker.querySelector("[data-picker-search]").setAttribute("aria-expanded", "false");
};
// When each search for suggestions left, so an answer to one sent before the list was closed
// (a choice made, Escape) is not shown over the choice.
// A search typed before the list was closed, whose 150 ms wait runs out after a choice, is no
// longer wanted (nothing was typed since): it is not sent, so no list comes back over Save.
document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  if (!elt.matches || !elt.matches("[data-picker-search]")) return;
  const picker = elt.closest("[data-picker]");
  const closedAt = Number((picker && picker.dataset.closedAt) || 0);
  if (closedAt && closedAt > Number(elt.dataset.typedAt || 0)) { event.preventDefault(); return; }
  elt.dataset.sentAt = pickerStamp();
});
const pickerFlag = (picker, key, message, confirm) => {
  const flags = picker.querySelector("[data-picker-flags]");
  // The same flag again (late suggestions, leaving the box) keeps the one already shown.
  const shown = [...flags.querySelectorAll("[data-flag-typed]")].find((p) => p.dataset.flagTyped === key);
  if (shown && message && (!confirm || shown.querySelector("button"))) return;
  flags.querySelectorAll(`[data-flag-for="${CSS.escape(key)}"], [data-flag-typed]`).forEach((p) => p.remove());
  if (!message) return;
  const note = document.createElement("p");
  note.className = "picker-flag small";
  note.dataset.flagTyped = key;
  note.textContent = message;
  if (confirm) {
    const use = document.createElement("button");
    use.type = "button"; use.className = "button button-small"; use.dataset.pickerUseAnyway = key;
    use.textContent = `Use “${key}” as an id anyway`;
    note.append(" ", use);
  }
  flags.append(note);
};
const addChip = (picker, id, name, unknown) => {
  if (picker.hasAttribute("data-single")) picker.querySelectorAll("[data-picker-chips] .chip").forEach((c) => c.remove());
  if (!picker.hasAttribute("data-single") && pickerIds(picker).includes(id)) return;
  setPickerIds(picker, [...(picker.hasAttribute("data-single") ? [] : pickerIds(picker)), id]);
  const chip = document.createElement("li");
  chip.className = unknown ? "chip chip-unknown" : "chip";
  chip.dataset.id = id; chip.title = id;
  if (unknown) { chip.innerHTML = "<code></code> <span class='small'>(unknown)</span>"; chip.querySelector("code").textContent = id; }
  else chip.textContent = name;
  const remove = document.createElement("button");
  remove.type = "button"; remove.className = "chip-remove"; remove.textContent = "×";
  remove.setAttribute("aria-label", `Remove ${name || id}`);
  chip.append(" ", remove);
  picker.querySelector("[data-picker-chips]").append(chip);
};
const choose = (picker, option) => {
  addChip(picker, option.dataset.id, option.dataset.name, false);
  pickerFlag(picker, "", "");
  const search = picker.querySelector("[data-picker-search]");
  search.value = ""; search.removeAttribute("aria-invalid"); search.removeAttribute("aria-activedescendant");
  closeOptions(picker);
  search.focus();
};
// What was typed and not picked: a name that matches exactly one entry is taken; anything
// else is flagged, with "use it anyway" only for kinds the platform does not list.
const checkTyped = async (picker, typed) => {
  const url = new URL(picker.dataset.check, window.location.href);
  url.searchParams.set("kind", picker.dataset.kind);
  url.searchParams.set("value", typed);
  return (await fetch(url, { headers: { Accept: "application/json" } })).json();
};
const resolveTyped = async (picker, search) => {
  const typed = search.value.trim();
  if (!typed) return;
  const answer = await checkTyped(picker, typed);
  if (search.value.trim() !== typed) return; // typed on meanwhile
  if (answer.known) { addChip(picker, typed, answer.name || typed, false); search.value = ""; pickerFlag(picker, "", ""); return; }
  if (answer.matches.length === 1) { choose(picker, { dataset: answer.matches[0] }); return; }
  search.setAttribute("aria-invalid", "true");
  closeOptions(picker);
  pickerFlag(picker, typed, answer.message, answer.confirmable);
};
// A models picker in an allowed-models row suggests the chosen provider's models only.
document.addEventListener("htmx:configRequest", (event) => {
  const picker = event.detail.elt.closest && event.detail.elt.closest("[data-picker][data-detail-from]");
  if (!picker) return;
  const row = picker.closest("[data-row]");
  const source = row && row.querySelector(`[name$="-${picker.dataset.detailFrom}"]`);
  if (source && source.value.trim()) event.detail.parameters.detail = source.value.trim();
});
document.addEventListener("htmx:afterSwap", (event) => {
  const list = event.detail.target;
  if (!list.matches || !list.matches("[data-picker-options]")) return;
  const picker = list.closest("[data-picker]");
  const search = picker.querySelector("[data-picker-search]");
  // An answer that arrives after the person picked something or moved on stays closed: it
  // would cover the buttons below (the Save of the section).
  const stale = Number(search.dataset.sentAt || 0) < Number(picker.dataset.closedAt || 0);
  if (stale || document.activeElement !== search) { list.hidden = true; return; }
  list.hidden = false;
  search.setAttribute("aria-expanded", "true");
  // Nothing matches what is being typed: say so now, not after Submit.
  const typed = search.value.trim();
  if (typed && list.querySelector("[data-empty]")) {
    checkTyped(picker, typed).then((answer) => {
      if (!answer.known && search.value.trim() === typed) {
        search.setAttribute("aria-invalid", "true");
        pickerFlag(picker, typed, answer.message, false);
      }
    });
  }
});
on("mousedown", "[data-picker-options] [role=option]", (e, option) => {
  e.preventDefault();
  choose(option.closest("[data-picker]"), option);
});
on("keydown", "[data-picker-search]", (e, search) => {
  const picker = search.closest("[data-picker]");
  const list = pickerOptions(picker);
  const options = [...list.querySelectorAll("[role=option]")];
  const active = list.querySelector("[aria-selected=true]");
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    if (!options.length) return;
    e.preventDefault();
    list.hidden = false;
    let index = options.indexOf(active) + (e.key === "ArrowDown" ? 1 : -1);
    index = (index + options.length) % options.length;
    options.forEach((o) => o.setAttribute("aria-selected", "false"));
    options[index].setAttribute("aria-selected", "true");
    search.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  } else if (e.key === "Enter") {
    e.preventDefault();
    if (active && !list.hidden) choose(picker, active); else resolveTyped(picker, search);
  } else if (e.key === "Escape") {
    closeOptions(picker);
  }
});
on("focusout", "[data-picker-search]", (e, search) => {
  const picker = search.closest("[data-picker]");
  setTimeout(() => { if (!picker.contains(document.activeElement)) { closeOptions(picker); resolveTyped(picker, search); } }, 150);
});
on("input", "[data-picker-search]", (e, search) => {
  search.dataset.typedAt = pickerStamp();
  search.removeAttribute("aria-invalid");
  const picker = search.closest("[data-picker]");
  picker.querySelectorAll("[data-flag-typed]").forEach((p) => p.remove());
});
on("click", "[data-picker-use-anyway]", (e, button) => {
  const picker = button.closest("[data-picker]");
  addChip(picker, button.dataset.pickerUseAnyway, null, true);
  const search = picker.querySelector("[data-picker-search]");
  search.value = ""; search.removeAttribute("aria-invalid");
  button.closest(".picker-flag").remove();
});
on("click", ".chip-remove", (e, button) => {
  const chip = button.closest(".chip");
  const picker = chip.closest("[data-picker]");
  setPickerIds(picker, pickerIds(picker).filter((id) => id !== chip.dataset.id));
  picker.querySelectorAll(`[data-flag-for="${CSS.escape(chip.dataset.id)}"]`).forEach((p) => p.remove());
  chip.remove();
});

// --- Icon and avatar galleries: thumbnails instead of the name picker. The picker's box
// (hidden with it) still holds the id and is what the section saves; a choice in the grid is
// written there, as a picked suggestion would be. Without this script the picker stays.
const showGalleries = (root) => root.querySelectorAll("[data-gallery][hidden]").forEach((gallery) => {
  gallery.hidden = false;
  gallery.closest("[data-gallery-field]").classList.add("pics-on");
});
on("change", "[data-gallery] .pics-radio", (e, radio) => {
  const picker = radio.closest("[data-gallery-field]").querySelector("[data-picker]");
  picker.querySelectorAll("[data-picker-flags] > *").forEach((flag) => flag.remove());
  if (radio.value) addChip(picker, radio.value, radio.dataset.name, false);
  else {
    picker.querySelectorAll("[data-picker-chips] .chip").forEach((chip) => chip.remove());
    setPickerIds(picker, []);
  }
});
// Enter in the gallery's search box searches (htmx already has) instead of saving the section.
on("keydown", "[data-gallery-search]", (e) => { if (e.key === "Enter") e.preventDefault(); });

// --- Own picture (icon_data): the chosen file becomes the base64 the API wants -----------
on("change", "[data-image-file]", (e, input) => {
  const field = input.closest("[data-image-field]");
  const note = field.querySelector("[data-image-note]");
  const file = input.files[0];
  if (!file) return;
  const limit = Number(input.dataset.maxBytes) * 1024;
  if (!/^image\/(png|jpeg|gif|webp|svg\+xml)$/.test(file.type)) { note.textContent = "Use a PNG, JPEG, GIF, WebP or SVG picture."; return; }
  if (file.size > limit) { note.textContent = `The picture is ${Math.ceil(file.size / 1024)} KB; make it ${limit / 1024} KB or smaller.`; return; }
  const reader = new FileReader();
  reader.onload = () => {
    const area = field.querySelector("textarea");
    area.value = String(reader.result).split(",", 2)[1];
    note.textContent = `${file.name} is ready: save to keep it.`;
    markDirty(area.form);
  };
  reader.readAsDataURL(file);
});

// --- No silent loss at Submit / Update -------------------------------------------------
// Edits typed into a section but not saved would not be sent. Ask first: save them and
// send, or send without them. Captured before htmx sees the submit.
let sendConfirmed = false;
const sectionName = (form) => {
  const title = form.querySelector(".section-header h2");
  return title ? title.textContent.trim() : "a section";
};
const sendAnyway = (form) => { sendConfirmed = true; form.requestSubmit(); };
const saveThenSend = (sendForm, dirty, dialog) => {
  const slugs = dirty.map((form) => form.closest("section").id);
  let waiting = dirty.length;
  const done = (event) => {
    if (!slugs.includes(event.detail.target.id)) return;
    waiting -= 1;
    if (waiting > 0) return;
    document.removeEventListener("htmx:afterSettle", done);
    const failed = slugs.filter((id) => document.querySelector(`#${id} .form-error`));
    if (failed.length) {
      dialog.querySelector("[data-ask-text]").textContent =
        "Some changes could not be saved: fix the fields marked in the section, then send again.";
      dialog.querySelector("[data-ask-save]").hidden = true;
      return;
    }
    dialog.close();
    // A saved section may have refreshed the panel (a live draft's "not yet live" list):
    // send with the form on the page now, which carries the current live version.
    sendAnyway(document.querySelector("form[data-send-form]") || sendForm);
  };
  document.addEventListener("htmx:afterSettle", done);
  dirty.forEach((form) => form.requestSubmit());
};
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches || !form.matches("form[data-send-form]")) return;
  const dirty = [...dirtyForms].filter((f) => document.contains(f));
  if (sendConfirmed || !dirty.length) { sendConfirmed = false; return; }
  event.preventDefault();
  event.stopPropagation();
  let dialog = document.getElementById("unsaved-dialog");
  if (dialog) dialog.remove();
  dialog = document.createElement("dialog");
  dialog.id = "unsaved-dialog";
  dialog.className = "card";
  dialog.setAttribute("aria-labelledby", "unsaved-title");
  const names = dirty.map(sectionName).join(", ");
  dialog.innerHTML = `<h2 id="unsaved-title">Unsaved changes</h2>
    <p data-ask-text></p>
    <div class="form-actions">
      <button type="button" class="button button-primary" data-ask-save>Save and send</button>
      <button type="button" class="button" data-ask-without>Send without them</button>
      <button type="button" class="button" data-ask-cancel>Cancel</button>
    </div>`;
  // Set as text: a section's name is never read as markup.
  dialog.querySelector("[data-ask-text]").textContent =
    `You have unsaved changes in ${names}. They are not sent unless you save them.`;
  document.body.append(dialog);
  dialog.querySelector("[data-ask-save]").addEventListener("click", () => saveThenSend(form, dirty, dialog));
  dialog.querySelector("[data-ask-without]").addEventListener("click", () => { dialog.close(); sendAnyway(form); });
  dialog.querySelector("[data-ask-cancel]").addEventListener("click", () => dialog.close());
  dialog.showModal();
}, true);
