// Events on the visitor's clock. The build split events into upcoming and past on its own
// day; a site not rebuilt for weeks would show finished events as upcoming, so the index is
// re-split here from each event's end (a series: its last meeting), and every time shown
// moves on to the next meeting of a series. The index gets filters by format and audience,
// mirrored in the URL; an event page gets "Your time" in the visitor's zone. Without
// JavaScript the built lists and times stand, and the filters stay hidden.

import { format, numbering, plural, strings } from "./strings.js";

// The page's words, in its language (theme/partials/event-strings.html).
const WORDS = strings("events");
// How the page's language names a zone by its city (mentorhub/site/pages/events.py zone_cities):
// "hora de %(city)s", and the words of zones whose city CLDR names otherwise ("hora de Londres").
// Only an event page gives them (the visitor's own time); the index names only its events' zones.
const ZONES = strings("zone-cities");
const LANG = document.documentElement.lang || "en";
// English dates the British way, as the server writes them: "Sunday 6 December 2026"; any
// other language its own full date and short time, as Babel writes them on the server.
const ENGLISH = LANG === "en" || LANG.startsWith("en-");
// The build's digits (Babel writes dates in Latin digits): the same in the browser, whatever its default.
const DIGITS = numbering();

const now = Date.now();
for (const time of document.querySelectorAll("time[data-when]")) showOccurrence(time, occurrence(time, now));
const filters = document.getElementById("mh-event-filters");
if (filters) startIndex(filters);
const visitor = document.querySelector("[data-visitor-time]");
if (visitor) showVisitorTime(visitor, document.querySelector("time[data-when]"));
const passed = document.querySelector("[data-event-passed]");
if (passed && visitor) showIfPassed(passed, document.querySelector("time[data-when]"));

// The meeting to show: the first that has not ended, else the last. `data-starts` holds the
// UTC start of the meeting the build showed and of every later one.
function occurrence(time, at) {
  const starts = time.dataset.starts.split(" ").map((s) => Date.parse(s));
  const length = Number(time.dataset.duration) * 1000;
  const start = starts.find((s) => s + length > at) ?? starts[starts.length - 1];
  return { start, end: start + length };
}

function showOccurrence(time, { start, end }) {
  if (Date.parse(time.dateTime) === start) return;
  time.dateTime = new Date(start).toISOString();
  time.textContent = formatWhen(start, end, time.dataset.timezone, time);
}

function showVisitorTime(line, time) {
  const { start, end } = occurrence(time, now);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  line.textContent = format(WORDS.your_time, { when: formatWhen(start, end, zone, time) });
  line.hidden = false;
}

// An event page built before the event ended: once its last meeting is over on the visitor's
// clock, say so and take away registration and the calendar links, as the build would.
function showIfPassed(note, time) {
  const starts = time.dataset.starts.split(" ").map((s) => Date.parse(s));
  if (starts[starts.length - 1] + Number(time.dataset.duration) * 1000 > now) return;
  note.hidden = false;
  for (const action of document.querySelectorAll("[data-event-action]")) action.remove();
}

// The same wording as the build's `_format_when`, in any zone, from the same messages: the
// abbreviation, then the place whose clock it is ("GMT (London time)"); UTC is said once.
// `time` is the event's <time>: its zone's words come from the page.
function formatWhen(start, end, timeZone, time) {
  const a = parts(start, timeZone);
  const b = parts(end, timeZone);
  const words = timeZone === time.dataset.timezone ? time.dataset.zoneWords ?? null : zoneWords(timeZone);
  const zone = words ? format(WORDS.zone_place, { zone: a.zone, place: words }) : a.zone;
  if (a.date === b.date) return format(WORDS.same_day, { date: a.date, start: a.time, end: b.time, zone });
  return format(WORDS.days, { start_date: a.date, start: a.time, end_date: b.date, end: b.time, zone });
}

// events.py place_words for a zone the page has no words for (the visitor's): "Toronto time",
// "hora de Toronto"; none for UTC and zones without a place ("Etc/GMT+5"), whose abbreviation
// says it all.
function zoneWords(timeZone) {
  if (!timeZone.includes("/") || timeZone.startsWith("Etc/")) return null;
  const city = timeZone.slice(timeZone.lastIndexOf("/") + 1).replaceAll("_", " ");
  const words = ZONES.words?.[timeZone];
  if (words) return words;
  return ZONES.pattern ? format(ZONES.pattern, { city }) : null;
}

// The abbreviation is the tz database's as en-GB writes it ("GMT", "BST"), in every language, as
// the build's (Python's tzname) is.
function parts(instant, timeZone) {
  const zoneName = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" })
    .formatToParts(instant).find((part) => part.type === "timeZoneName").value;
  if (!ENGLISH) {
    return {
      date: new Intl.DateTimeFormat(LANG, { timeZone, dateStyle: "full", numberingSystem: DIGITS }).format(instant),
      time: new Intl.DateTimeFormat(LANG, { timeZone, timeStyle: "short", numberingSystem: DIGITS }).format(instant),
      zone: zoneName,
    };
  }
  const british = new Intl.DateTimeFormat("en-GB", {
    timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  const p = Object.fromEntries(british.formatToParts(instant).map((part) => [part.type, part.value]));
  return { date: `${p.weekday} ${p.day} ${p.month} ${p.year}`, time: `${p.hour}:${p.minute}`, zone: zoneName };
}

function startIndex(form) {
  const byId = (id) => document.getElementById(id);
  const lists = { upcoming: byId("mh-upcoming"), past: byId("mh-past") };
  const empty = { upcoming: byId("mh-upcoming-empty"), past: byId("mh-past-empty") };
  const status = byId("mh-event-count");
  const facets = ["format", "audience"];
  const events = [...lists.upcoming.children, ...lists.past.children].map((item, index) => ({
    item,
    index,
    format: item.dataset.format,
    audience: item.dataset.audience.split(" "),
    ended: Date.parse(item.dataset.end) <= now,
    start: occurrence(item.querySelector("time[data-when]"), now).start,
  }));

  // Upcoming soonest first, past newest first.
  const upcoming = events.filter((e) => !e.ended).sort((a, b) => a.start - b.start || a.index - b.index);
  const past = events.filter((e) => e.ended).sort((a, b) => b.start - a.start || a.index - b.index);
  lists.upcoming.append(...upcoming.map((e) => e.item));
  lists.past.append(...past.map((e) => e.item));

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    return Object.fromEntries(facets.map((f) => [f, new Set(params.getAll(f))]));
  }

  function readForm() {
    const data = new FormData(form);
    return Object.fromEntries(facets.map((f) => [f, new Set(data.getAll(f))]));
  }

  function showInForm(state) {
    for (const input of form.querySelectorAll("input[type=checkbox]")) {
      input.checked = state[input.name].has(input.value);
    }
  }

  function toUrl(state) {
    const params = new URLSearchParams();
    for (const f of facets) for (const value of state[f]) params.append(f, value);
    const query = params.toString();
    return window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
  }

  // An event for everyone is for every audience.
  function matches(event, state) {
    if (state.format.size && !state.format.has(event.format)) return false;
    return !state.audience.size || event.audience.includes("everyone")
      || event.audience.some((a) => state.audience.has(a));
  }

  function render(state) {
    const filtered = facets.some((f) => state[f].size);
    let shown = 0;
    for (const e of events) {
      e.item.hidden = !matches(e, state);
      if (!e.item.hidden) shown += 1;
    }
    for (const [name, list] of Object.entries(lists)) {
      const none = ![...list.children].some((item) => !item.hidden);
      empty[name].hidden = !none;
      empty[name].textContent = WORDS[filtered ? `none_${name}_match` : `none_${name}`];
    }
    status.textContent = filtered ? plural(WORDS.match, events.length, { n: shown }) : plural(WORDS.all, events.length);
  }

  function update(history) {
    const state = readForm();
    const url = toUrl(state);
    if (history && url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.pushState(null, "", url);
    }
    render(state);
  }

  form.addEventListener("change", () => update(true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update(true);
  });
  form.addEventListener("reset", () => setTimeout(() => update(true)));
  window.addEventListener("popstate", () => {
    showInForm(readUrl());
    update(false);
  });

  form.hidden = false;
  showInForm(readUrl());
  update(false);
}
