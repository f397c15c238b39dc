// Mentor directory: facets with live counts, a text filter and sorting over every mentor, all
// mirrored in the URL so a view can be shared and the back button works. The page holds one
// page of server-rendered cards; the filters run over mentors/directory.json (built by
// mentorhub/site/pages/directory.py: facet values as numbers into each facet's options) and
// take the cards they show from the directory's own pages, fetched as needed, so a card is
// only ever written by the template. Bios come from mentors/bios.json on the first search.
// Without JavaScript the form is not shown and the pages link to each other.

import { enhanceOptionLists, refreshOptionList } from "./option-list.js";
import { format, plural, strings } from "./strings.js";

// The page's words, in its language (theme/mentors.html).
const WORDS = strings("directory");

// The order of mentorhub/content/mentor_state.py's STATES: mentors who can be asked first.
const AVAILABILITY_RANK = { accepting: 0, full: 1, paused: 2, stale: 3 };

const form = document.getElementById("mh-filters");
if (form) startDirectory(form);

function startDirectory(form) {
  const list = document.getElementById("mh-cards");
  const status = document.getElementById("mh-result-count");
  const empty = document.getElementById("mh-empty");
  const more = document.querySelector(".mh-more");
  const pagination = document.querySelector(".mh-pagination");
  const search = form.elements.namedItem("q");
  const toggle = form.querySelector(".mh-filters__toggle");
  const facets = [...form.querySelectorAll("[data-facet]")].map((el) => el.dataset.facet);
  const builtCards = [...list.children];
  const builtStatus = status.textContent;
  const indexUrl = new URL(form.dataset.index, window.location.href);
  const root = new URL("../", indexUrl); // the index is mentors/directory.json
  const total = Number(list.dataset.total);
  const cards = new Map(builtCards.map((card) => [card.dataset.id, card])); // id → card element
  const pages = new Map(); // page number → Promise of its cards
  let index = null;
  let bios = null;
  let limit = null; // cards shown once filters apply: a directory page's worth, then more on request
  let rendering = 0;
  let updating = 0;
  let live = null; // the inbox's states, when availability.js has them

  enhanceOptionLists(form);

  function loadIndex() {
    index ??= fetch(indexUrl)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
      .then((data) => {
        const keys = data.facets.map((f) => f.key);
        const mentors = data.mentors.map(([id, name, availability, youth, reviewed, words, values], position) => {
          const byFacet = Object.fromEntries(keys.map((key, i) => [key, values[i].map((v) => data.facets[i].ids[v])]));
          const labels = values.flatMap((vs, i) => vs.map((v) => data.facets[i].labels[v]));
          return { id, name, availability, youth: youth === 1, reviewed, position, values: byFacet,
                   text: `${name} ${words} ${labels.join(" ")}`.toLowerCase() };
        });
        return { pageSize: data.page_size, pages: data.pages, mentors };
      });
    return index;
  }

  function loadBios(directory) {
    bios ??= fetch(new URL(form.dataset.bios, window.location.href))
      .then((response) => (response.ok ? response.json() : { bios: [] }))
      .then((data) => data.bios.forEach((bio, i) => {
        if (directory.mentors[i]) directory.mentors[i].text += ` ${bio}`;
      }))
      .catch(() => {}); // the filter still works on names, headlines and topics
    return bios;
  }

  // The cards of directory page `number`, with their links made absolute (they are relative to that page).
  function pageCards(directory, number) {
    if (!pages.has(number)) {
      const url = new URL(directory.pages[number - 1], root);
      pages.set(number, fetch(url).then((r) => r.text()).then((html) => {
        const doc = new DOMParser().parseFromString(html, "text/html");
        for (const el of doc.querySelectorAll("#mh-cards [href]")) el.setAttribute("href", new URL(el.getAttribute("href"), url));
        for (const el of doc.querySelectorAll("#mh-cards [src]")) el.setAttribute("src", new URL(el.getAttribute("src"), url));
        for (const el of doc.querySelectorAll("#mh-cards [srcset]")) {
          el.setAttribute("srcset", el.getAttribute("srcset").split(",").map((part) => {
            const [src, ...size] = part.trim().split(/\s+/);
            return [new URL(src, url).href, ...size].join(" ");
          }).join(", "));
        }
        for (const card of doc.querySelectorAll("#mh-cards > li")) {
          if (!cards.has(card.dataset.id)) cards.set(card.dataset.id, document.adoptNode(card));
        }
      }).catch(() => pages.delete(number)));
    }
    return pages.get(number);
  }

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    return {
      q: params.get("q") || "",
      accepting: params.get("accepting") === "1",
      youth: params.get("youth") === "1",
      sort: params.get("sort") || "best",
      selected: Object.fromEntries(facets.map((f) => [f, new Set(params.getAll(f))])),
    };
  }

  function readForm() {
    const data = new FormData(form);
    return {
      q: (data.get("q") || "").trim(),
      accepting: data.get("accepting") === "1",
      youth: data.get("youth") === "1",
      sort: data.get("sort") || "best",
      selected: Object.fromEntries(facets.map((f) => [f, new Set(data.getAll(f))])),
    };
  }

  const chosenCount = (state) => facets.reduce((n, f) => n + state.selected[f].size, 0) + state.accepting + state.youth;
  const isDefault = (state) => !state.q && state.sort === "best" && chosenCount(state) === 0;

  function showInForm(state) {
    search.value = state.q;
    form.elements.namedItem("accepting").checked = state.accepting;
    form.elements.namedItem("youth").checked = state.youth;
    form.elements.namedItem("sort").value = state.sort;
    for (const input of form.querySelectorAll("[data-facet] input[type=checkbox]")) {
      input.checked = state.selected[input.name].has(input.value);
    }
    for (const details of form.querySelectorAll("details[data-facet]")) {
      if (state.selected[details.dataset.facet].size) details.open = true;
    }
  }

  function toUrl(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.accepting) params.set("accepting", "1");
    if (state.youth) params.set("youth", "1");
    if (state.sort !== "best") params.set("sort", state.sort);
    for (const f of facets) for (const value of state.selected[f]) params.append(f, value);
    const query = params.toString();
    return window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
  }

  const terms = (state) => state.q.toLowerCase().split(/\s+/).filter(Boolean);
  const availabilityOf = (m) => live?.[m.id]?.state || m.availability;

  // A mentor matches when it passes every filter; `skip` leaves one facet out, which is
  // how each facet's counts are computed (what you would get by also ticking that value).
  function matches(mentor, state, words, skip) {
    if (state.accepting && availabilityOf(mentor) !== "accepting") return false;
    if (state.youth && !mentor.youth) return false;
    for (const f of facets) {
      const chosen = state.selected[f];
      if (f !== skip && chosen.size && !mentor.values[f].some((v) => chosen.has(v))) return false;
    }
    return words.every((word) => mentor.text.includes(word));
  }

  function score(mentor, words) {
    const name = mentor.name.toLowerCase();
    return words.reduce((sum, word) => sum + (name.includes(word) ? 3 : 1), 0);
  }

  function compare(state, words) {
    return (a, b) =>
      AVAILABILITY_RANK[availabilityOf(a)] - AVAILABILITY_RANK[availabilityOf(b)] ||
      (state.sort === "name" ? a.name.localeCompare(b.name) : 0) ||
      (state.sort === "reviewed" ? b.reviewed.localeCompare(a.reviewed) : 0) ||
      (state.sort === "best" ? score(b, words) - score(a, words) : 0) ||
      a.position - b.position;
  }

  function showCounts(directory, state, words) {
    const filtered = !isDefault(state);
    for (const f of facets) {
      const counts = new Map();
      for (const m of directory.mentors) {
        if (!matches(m, state, words, f)) continue;
        for (const v of m.values[f]) counts.set(v, (counts.get(v) || 0) + 1);
      }
      for (const el of form.querySelectorAll(`[data-count-for^="${CSS.escape(f)}:"]`)) {
        const count = counts.get(el.dataset.countFor.slice(f.length + 1)) || 0;
        el.textContent = String(count);
        el.closest("label").toggleAttribute("data-none", filtered && count === 0); // no match: out of the way
      }
      const chosen = state.selected[f].size;
      form.querySelector(`[data-selected-for="${CSS.escape(f)}"]`).textContent = chosen ? format(WORDS.selected, { n: chosen }) : "";
    }
    for (const fieldset of form.querySelectorAll("fieldset[data-option-list]")) refreshOptionList(fieldset);
    const n = chosenCount(state);
    toggle.querySelector("[data-filter-count]").textContent = n ? `(${n})` : "";
  }

  async function render(state) {
    const token = ++rendering;
    const words = terms(state);
    if (isDefault(state)) {
      // This page's cards as built, except that a mentor the inbox says filled up goes after those who can be asked.
      const rank = (card) => AVAILABILITY_RANK[card.dataset.availability] ?? 0;
      list.replaceChildren(...[...builtCards].sort((a, b) => rank(a) - rank(b)));
      for (const card of builtCards) card.hidden = false;
      status.textContent = builtStatus;
      empty.hidden = true;
      more.hidden = true;
      if (pagination) pagination.hidden = false;
      if (index) showCounts(await index, state, words);
      return;
    }
    const directory = await loadIndex();
    if (token !== rendering) return;
    limit ??= directory.pageSize;
    const found = directory.mentors.filter((m) => matches(m, state, words)).sort(compare(state, words));
    const shown = found.slice(0, limit);
    if (pagination) pagination.hidden = true;
    status.textContent = found.length === total
      ? plural(WORDS.all, total, { total, note: list.dataset.orderNote })
      : plural(WORDS.match, total, { n: found.length, total });
    empty.hidden = found.length > 0;
    more.hidden = found.length <= shown.length;
    showCounts(directory, state, words);
    // The cards, in order, each as soon as its directory page is here (all pages are asked for at once).
    const pageOf = (m) => Math.floor(m.position / directory.pageSize) + 1;
    for (const m of shown) if (!cards.has(m.id)) pageCards(directory, pageOf(m));
    const elements = [];
    let kept = 0; // cards already in the list, in the right place
    while (kept < list.children.length && list.children[kept] === cards.get(shown[kept]?.id)) kept += 1;
    while (list.children.length > kept) list.lastElementChild.remove();
    for (const [i, m] of shown.entries()) {
      if (!cards.has(m.id)) await pageCards(directory, pageOf(m));
      if (token !== rendering) return;
      const card = cards.get(m.id);
      if (!card || i < kept) continue;
      card.hidden = false;
      list.append(card);
      elements.push(card);
    }
    if (elements.length) document.dispatchEvent(new CustomEvent("mh:cards", { detail: elements }));
  }

  async function update(history) {
    const state = readForm();
    if (history === "push" || history === "replace") {
      const url = toUrl(state);
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history[history === "push" ? "pushState" : "replaceState"](null, "", url);
      }
    }
    if (history !== "more") limit = null;
    const token = ++updating;
    performance.mark("mh-filter-start");
    form.removeAttribute("data-ready");
    list.setAttribute("aria-busy", "true");
    try {
      await render(state);
      if (state.q && bios === null) {
        await loadBios(await loadIndex());
        await render(readForm());
      }
    } catch {
      status.textContent = WORDS.failed;
    } finally {
      if (token === updating) {
        list.removeAttribute("aria-busy");
        form.setAttribute("data-ready", ""); // the list shows what the form says (tests wait for it)
        performance.measure("mh-filter", "mh-filter-start"); // `make bench` reads it: a keystroke's cost
      }
    }
  }

  let typing;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => update("replace"), 150);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== search && event.target.name) update("push");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update("push");
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      update("push");
      search.focus();
    });
  });
  // The index is fetched once someone reaches for the filters, not by every visit.
  form.addEventListener("focusin", () => loadIndex().then((d) => showCounts(d, readForm(), terms(readForm()))).catch(() => {}),
                        { once: true });
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    form.classList.toggle("mh-filters--open", open);
  });
  more.querySelector("[data-show-more]").addEventListener("click", async () => {
    limit += (await loadIndex()).pageSize;
    update("more");
  });
  empty.querySelector("[data-clear-filters]").addEventListener("click", () => form.reset());
  // availability.js brings live availability from the inbox: re-sort and re-count with it.
  document.addEventListener("mh:availability", (event) => {
    live = event.detail || live;
    update("none");
  });
  window.addEventListener("popstate", () => {
    showInForm(readUrl());
    update("none");
  });

  showInForm(readUrl());
  update("none");
}
