// The search page: runs ?q= (from the header's form or this page's own) through Pagefind's
// JavaScript API and lists each result with its type and, for a mentor, their state. Both come
// from the index, never from this file: the type is the page's `data-pagefind-filter="type:…"`,
// the state its `state` meta (MentorStatus.words, written by mentor.html at build time). The
// type checkboxes are the index's own `type` values; ?q= and ?type= stay in the URL.
import { format, plural, strings } from "./strings.js";

const form = document.getElementById("mh-site-search");
const words = strings("search");  // in the page's language (site-search.html)
const PAGE_SIZE = 10;
const DEBOUNCE_MS = 200;

if (form) start(form);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function start(form) {
  const input = form.elements.namedItem("q");
  const fieldset = document.getElementById("mh-site-search-types");
  const status = document.getElementById("mh-site-search-status");
  const list = document.getElementById("mh-site-search-results");
  const more = document.getElementById("mh-site-search-more");
  const header = document.getElementById("mh-search-q");  // the header's box, on every page
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") ?? "";
  if (header) header.value = input.value;
  input.focus();

  const bundle = new URL(form.dataset.bundle, document.baseURI);
  let pagefind;
  try {
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ baseUrl: new URL("..", bundle).pathname });
    await pagefind.init();
  } catch {
    status.textContent = words.failed;
    return;
  }

  // One checkbox per type in the index, the most common first, each with its count for the query.
  const totals = (await pagefind.filters()).type ?? {};
  const wanted = new Set(params.getAll("type"));
  const counts = new Map();
  Object.entries(totals).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).forEach(([name], i) => {
    const box = el("input");
    Object.assign(box, { type: "checkbox", name: "type", value: name, id: `mh-type-${i}`, checked: wanted.has(name) });
    const label = el("label", "mh-site-search__type-option");
    label.htmlFor = box.id;
    const count = el("span", "mh-site-search__count");
    counts.set(name, count);
    label.append(name, " ", count);
    const option = el("div");
    option.append(box, label);
    fieldset.append(option);
  });
  fieldset.hidden = counts.size < 2;
  const chosen = () => [...fieldset.querySelectorAll("input:checked")].map((box) => box.value);

  let results = [];
  let shown = 0;
  let run = 0;

  async function showMore() {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const items = await Promise.all(batch.map(async (result) => item(await result.data())));
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= results.length;
    return items;
  }

  async function search() {
    const query = input.value.trim();
    const types = chosen();
    const url = new URL(window.location.href);
    url.searchParams.delete("q");
    url.searchParams.delete("type");
    if (input.value) url.searchParams.set("q", input.value);
    types.forEach((type) => url.searchParams.append("type", type));
    history.replaceState(null, "", url);
    if (header) header.value = input.value;
    const mine = ++run;
    if (!query) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      counts.forEach((count) => { count.textContent = ""; });
      return;
    }
    // Types combine with "any": ticking Mentor and Story lists both.
    const found = await pagefind.search(query, types.length ? { filters: { type: { any: types } } } : {});
    if (mine !== run) return;  // a later keystroke has started another search
    results = found.results;
    shown = 0;
    const perType = found.totalFilters?.type ?? {};
    counts.forEach((count, name) => { count.textContent = `(${perType[name] ?? 0})`; });
    const items = await Promise.all(results.slice(0, PAGE_SIZE).map(async (result) => item(await result.data())));
    if (mine !== run) return;
    list.replaceChildren(...items);
    shown = items.length;
    more.hidden = shown >= results.length;
    const n = results.length;
    status.textContent = n ? plural(words.found, n, { query }) : format(words.none, { query });
  }

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  });
  fieldset.addEventListener("change", search);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  // After "Show more", focus moves to the first new result, so a keyboard user reads on from there.
  more.addEventListener("click", async () => {
    const items = await showMore();
    items[0]?.querySelector("a")?.focus();
  });
  if (input.value) search();
}

// One result: its title as a link, its type (and a mentor's state), and Pagefind's excerpt.
function item(data) {
  const li = el("li", "mh-site-search__result");
  const heading = el("h2", "mh-site-search__title");
  const link = el("a", "mh-site-search__link", data.meta?.title ?? data.url);
  link.href = data.url;
  heading.append(link);
  const kind = el("p", "mh-site-search__kind");
  kind.append(el("span", "mh-site-search__type", data.filters?.type?.[0] ?? words.page));
  if (data.meta?.state) kind.append(" · ", el("span", "mh-site-search__state", data.meta.state));
  const excerpt = el("p", "mh-site-search__excerpt");
  excerpt.innerHTML = data.excerpt;  // Pagefind escapes the page's text; its only markup is <mark>
  li.append(heading, kind, excerpt);
  return li;
}
