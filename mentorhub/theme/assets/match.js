// Guided match: a questionnaire that ranks accepting mentors and says why each is suggested.
// This module is the page only: the ranking is scorer.js's, with the weights, wording and
// labels Python puts on the page (#mh-match-data's "scorer", from mentorhub/content/matching.py).
// Nothing the visitor answers leaves the browser. Without JavaScript the form stays hidden
// and the page points to the mentor directory.

import { fetchLive } from "./live.js";
import { enhanceOptionLists } from "./option-list.js";
import { gaps, isTimeZone, join, label, rank } from "./scorer.js";
import { format, plural, strings } from "./strings.js";

// --- the page ---------------------------------------------------------------------------

const form = document.getElementById("mh-match-form");
if (form) startMatch(form);

function startMatch(form) {
  enhanceOptionLists(form); // a long list of topics: the most used first, and a search box
  const { scorer } = JSON.parse(document.getElementById("mh-match-data").textContent);
  const words = strings("match"); // the page's words, in its language (theme/match.html)
  const status = document.getElementById("mh-match-status");
  const results = document.getElementById("mh-match-results");
  const list = document.getElementById("mh-match-list");
  const notesList = document.getElementById("mh-match-notes");
  const help = document.getElementById("mh-match-help");
  const zone = form.elements.namedItem("timezone");
  const base = new URL(form.dataset.baseUrl.replace(/\/?$/, "/"), document.baseURI);
  let mentors = null;

  zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  const zones = document.getElementById("mh-match-zones");
  for (const name of Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : []) {
    zones.append(new Option(name, name));
  }
  document.getElementById("mh-match-nojs").hidden = true;
  form.hidden = false;

  function showError(field, message) {
    const box = form.querySelector(`[data-field="${field}"]`);
    const error = box.querySelector(".mh-error");
    error.hidden = !message;
    error.querySelector("[data-message]").textContent = message || "";
    box.classList.toggle("mh-field--error", Boolean(message));
    return Boolean(message);
  }

  function readForm() {
    const values = new FormData(form);
    const minor = values.get("minor");
    const timezone = (values.get("timezone") || "").trim();
    const errors = {
      minor: minor ? "" : words.minor,
      timezone: !timezone || isTimeZone(timezone) ? "" : words.timezone,
    };
    let first = null;
    for (const [field, message] of Object.entries(errors)) {
      if (showError(field, message) && !first) first = field;
    }
    if (first) {
      form.querySelector(`[data-field="${first}"] input`).focus();
      return null;
    }
    return {
      interests: values.getAll("interests"),
      languages: values.getAll("languages"),
      format: values.get("format") || "either",
      audience: values.get("audience") || null,
      minor: minor === "yes",
      timezone: timezone || null,
      mentoring: values.get("mentoring") || "either",
    };
  }

  function render(suggestions, prefs) {
    const byId = Object.fromEntries(mentors.map((m) => [m.id, m]));
    list.replaceChildren(...suggestions.map((s) => suggestionItem(byId[s.id], s)));
    results.hidden = false;
    const found = gaps(mentors, prefs);
    const notes = [];
    if (found.nobodyOpen) {
      const others = ["full", "paused", "stale"].filter((state) => found.states[state])
        .map((state) => plural(words[state], found.states[state]));
      const message = `nobody${prefs.minor ? "_minor" : ""}${others.length ? "_states" : ""}`;
      status.textContent = format(words[message], { states: others.length ? join(others, scorer) : "" });
    } else {
      status.textContent = suggestions.length
        ? plural(words.suggested, suggestions.length)
        : words.no_fit;
      if (found.uncovered.length) {
        const topics = join(found.uncovered.map((t) => label(scorer, "expertise", t)), scorer);
        notes.push(format(words.uncovered, { topics }));
      }
    }
    notesList.replaceChildren(...notes.map((note) => Object.assign(document.createElement("p"), { textContent: note })));
    help.hidden = !(found.nobodyOpen || found.uncovered.length || !suggestions.length);
  }

  function suggestionItem(mentor, suggestion) {
    const item = document.createElement("li");
    item.className = "mh-suggestion";
    item.dataset.id = mentor.id;
    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.href = new URL(mentor.url, base).href;
    link.textContent = mentor.name;
    heading.append(link);
    const headline = document.createElement("p");
    headline.textContent = mentor.headline;
    const why = document.createElement("ul");
    why.className = "mh-reasons";
    why.setAttribute("aria-label", format(words.why, { name: mentor.name }));
    why.append(...suggestion.reasons.map((reason) => Object.assign(document.createElement("li"), { textContent: reason })));
    item.append(heading, headline, why);
    return item;
  }

  // mentors.json as built, with the inbox's live count where the programme has one.
  async function loadMentors() {
    const built = (await (await fetch(form.dataset.mentorsJson)).json()).mentors;
    const live = form.dataset.availabilityUrl ? await fetchLive(form.dataset.availabilityUrl) : null;
    return built.map((m) => (live && live[m.id] ? { ...m, ...live[m.id] } : m));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const prefs = readForm();
    if (!prefs) return;
    status.textContent = words.finding;
    try {
      mentors = mentors || (await loadMentors());
    } catch {
      status.textContent = words.failed;
      return;
    }
    render(rank(mentors, prefs, new Date(), scorer), prefs);
  });
}
