// Mentor directory: facets with live counts, a text filter and sorting over the
// server-rendered cards, all mirrored in the URL so a view can be shared and the back
// button works. Without JavaScript the form stays hidden and every mentor is listed.

// The order of generator/content/mentor_state.py's STATES: mentors who can be asked first.
const AVAILABILITY_RANK = { accepting: 0, full: 1, paused: 2, stale: 3 };

const form = document.getElementById("mh-filters");
if (form) startDirectory(form);

function startDirectory(form) {
  const list = document.getElementById("mh-cards");
  const status = document.getElementById("mh-result-count");
  const empty = document.getElementById("mh-empty");
  const search = form.elements.namedItem("q");
  const facets = [...form.querySelectorAll("[data-facet]")].map((el) => el.dataset.facet);
  const mentors = [...list.children].map((card, index) => ({
    card,
    index,
    id: card.dataset.id,
    name: card.dataset.name,
    availability: card.dataset.availability,
    youth: card.dataset.youth === "1",
    reviewed: card.dataset.reviewed,
    values: Object.fromEntries(facets.map((f) => [f, (card.dataset[f] || "").split(" ").filter(Boolean)])),
    // Name, headline and role are on the card; bios arrive with mentors.json on the first search.
    text: card.textContent.toLowerCase(),
  }));
  let bios = null;

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

  function showInForm(state) {
    search.value = state.q;
    form.elements.namedItem("accepting").checked = state.accepting;
    form.elements.namedItem("youth").checked = state.youth;
    form.elements.namedItem("sort").value = state.sort;
    for (const input of form.querySelectorAll("[data-facet] input")) {
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

  function terms(state) {
    return state.q.toLowerCase().split(/\s+/).filter(Boolean);
  }

  // A mentor matches when it passes every filter; `skip` leaves one facet out, which is
  // how each facet's counts are computed (what you would get by also ticking that value).
  function matches(mentor, state, words, skip) {
    if (state.accepting && mentor.availability !== "accepting") return false;
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
      AVAILABILITY_RANK[a.availability] - AVAILABILITY_RANK[b.availability] ||
      (state.sort === "name" ? a.name.localeCompare(b.name) : 0) ||
      (state.sort === "reviewed" ? b.reviewed.localeCompare(a.reviewed) : 0) ||
      (state.sort === "best" ? score(b, words) - score(a, words) : 0) ||
      a.index - b.index;
  }

  function render(state) {
    const words = terms(state);
    const shown = new Set(mentors.filter((m) => matches(m, state, words)));
    for (const m of mentors) m.card.hidden = !shown.has(m);
    list.append(...[...mentors].sort(compare(state, words)).map((m) => m.card));
    for (const f of facets) {
      const counts = new Map();
      for (const m of mentors) {
        if (!matches(m, state, words, f)) continue;
        for (const v of m.values[f]) counts.set(v, (counts.get(v) || 0) + 1);
      }
      for (const el of form.querySelectorAll(`[data-count-for^="${f}:"]`)) {
        el.textContent = String(counts.get(el.dataset.countFor.slice(f.length + 1)) || 0);
      }
      const chosen = state.selected[f].size;
      form.querySelector(`[data-selected-for="${f}"]`).textContent = chosen ? `(${chosen} selected)` : "";
    }
    const total = mentors.length;
    status.textContent = shown.size === total
      ? `${total} mentors. ${list.dataset.orderNote}`
      : `${shown.size} of ${total} ${total === 1 ? "mentor" : "mentors"} match.`;
    empty.hidden = shown.size > 0;
  }

  async function loadBios() {
    bios ??= fetch(form.dataset.mentorsJson)
      .then((response) => (response.ok ? response.json() : { mentors: [] }))
      .then((data) => {
        const byId = new Map(data.mentors.map((m) => [m.id, m.bio || ""]));
        for (const m of mentors) m.text += ` ${(byId.get(m.id) || "").toLowerCase()}`;
      })
      .catch(() => {}); // the filter still works on what the cards show
    return bios;
  }

  async function update(history) {
    const state = readForm();
    if (history === "push" || history === "replace") {
      const url = toUrl(state);
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history[history === "push" ? "pushState" : "replaceState"](null, "", url);
      }
    }
    render(state);
    if (state.q && bios === null) {
      await loadBios();
      render(readForm());
    }
  }

  let typing;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => update("replace"), 200);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== search) update("push");
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
  empty.querySelector("[data-clear-filters]").addEventListener("click", () => form.reset());
  // availability.js brings live availability from the inbox: re-sort and re-count with it.
  document.addEventListener("mh:availability", () => {
    for (const m of mentors) m.availability = m.card.dataset.availability;
    render(readForm());
  });
  window.addEventListener("popstate", () => {
    showInForm(readUrl());
    update("none");
  });

  form.hidden = false;
  showInForm(readUrl());
  update("none");
}
