// Long lists of checkboxes (a programme's 211 topics) made usable: the first `data-shown` options
// (the most used, in the order the build gave them) with "Show all N", and a search box that
// narrows the list as you type. Options someone ticked always stay in view. Used by the
// directory's facets, the match page's and the request form's topics: any
// <fieldset data-option-list data-shown="8"> whose options are <label>s or .mh-choice boxes. Without JavaScript every
// option is listed, as the page was built.

import { format, strings } from "./strings.js";

const WORDS = strings("option-list"); // every page with a long list gives them (partials/option-list-strings.html)

const lists = new WeakMap();

export function enhanceOptionLists(root = document) {
  return [...root.querySelectorAll("fieldset[data-option-list][data-shown]")].map(enhance);
}

// Re-apply what is shown, e.g. after the directory marked options with no match (`data-none`).
export function refreshOptionList(fieldset) {
  lists.get(fieldset)?.();
}

function enhance(fieldset) {
  if (lists.has(fieldset)) return fieldset;
  const shown = Number(fieldset.dataset.shown);
  const options = [...fieldset.querySelectorAll("input[type=checkbox], input[type=radio]")]
    .map((input) => input.closest(".mh-choice, label"));
  // What the box searches: the fieldset's `data-search-label` ("Search topics"), or its legend's words.
  const legend = (fieldset.querySelector("legend")?.textContent.trim() || WORDS.options).toLowerCase();
  const label = fieldset.dataset.searchLabel || format(WORDS.search, { what: legend });
  let expanded = false;

  const box = document.createElement("input");
  box.type = "search";
  box.className = "mh-input mh-option-search";
  box.setAttribute("aria-label", label);
  box.placeholder = label;
  box.autocomplete = "off";
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "mh-link-button";
  const none = document.createElement("p");
  none.className = "mh-hint";
  none.textContent = WORDS.none;
  // After the legend and its hint, before the first option.
  let before = fieldset.querySelector("legend");
  if (before?.nextElementSibling?.classList.contains("mh-hint")) before = before.nextElementSibling;
  (before ? before.after.bind(before) : fieldset.prepend.bind(fieldset))(box);
  fieldset.append(none, toggle);

  function update() {
    const words = box.value.trim().toLowerCase();
    let visible = 0;
    let rank = 0; // among the options with matches: the first `shown` of those are in view
    for (const label of options) {
      const checked = label.querySelector("input")?.checked;
      const found = !words || label.textContent.toLowerCase().includes(words);
      const open = found && !("none" in label.dataset);
      const show = checked || (open && (expanded || words || rank < shown));
      if (open) rank += 1;
      label.hidden = !show;
      if (show) visible += 1;
    }
    none.hidden = visible > 0;
    const hidden = options.filter((l) => !("none" in l.dataset)).length;
    toggle.hidden = Boolean(words) || hidden <= shown;
    toggle.textContent = expanded ? WORDS.fewer : format(WORDS.all, { n: hidden });
    toggle.setAttribute("aria-expanded", String(expanded));
  }
  box.addEventListener("input", update);
  // Enter in the box must not send the form (the directory's form reloads nothing, the request form would).
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  toggle.addEventListener("click", () => {
    expanded = !expanded;
    update();
  });
  fieldset.addEventListener("change", update);
  lists.set(fieldset, update);
  update();
  return fieldset;
}
