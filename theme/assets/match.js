// Guided match: a questionnaire that ranks accepting mentors and says why each is suggested.
// `score` and `rank` are the browser twin of generator/content/matching.py (same weights, same
// reasons, same order); the browser tests compare the two. Change one, change the other.
// Nothing the visitor answers leaves the browser. Without JavaScript the form stays hidden
// and the page points to the mentor directory.

import { fetchLive } from "./live.js";

const INTEREST_POINTS = 100;
const AUDIENCE_POINTS = 40;
const TIMEZONE_POINTS_PER_HOUR = 2;
const HALF_DAY_MINUTES = 720;
const LIMIT = 5;

// How well `mentor` (a mentors.json record) suits `prefs`, or null if it must not be
// suggested. prefs: {interests: [], languages: [], format: "either"|"virtual"|"in-person",
// audience: id|null, minor: bool, timezone: IANA name|null}; reference: a Date;
// labels: {expertise, audiences, languages} mapping ids to display names.
// Weights, as in matching.score: 100 per shared interest, 40 for the mentee's audience,
// 2 per hour of UTC offset closer than 12 hours apart; language and format are requirements.
export function score(mentor, prefs, reference, labels = {}) {
  if (mentor.state !== "accepting") return null;
  if (prefs.minor && !mentor.youth_cleared) return null;
  const languages = mentor.languages.filter((code) => prefs.languages.includes(code));
  if (prefs.languages.length && !languages.length) return null;
  const formats = mentor.formats.filter((f) => prefs.format === "either" || prefs.format === f);
  if (!formats.length) return null;
  const interests = mentor.expertise.filter((term) => prefs.interests.includes(term));
  const audience = prefs.audience != null && mentor.audiences.includes(prefs.audience);
  let points = INTEREST_POINTS * interests.length + (audience ? AUDIENCE_POINTS : 0);
  const reasons = [];
  if (interests.length) reasons.push(interestsReason(interests.map((t) => label(labels, "expertise", t))));
  if (languages.length) reasons.push("speaks " + join(languages.map((code) => label(labels, "languages", code))));
  reasons.push(formatReason(formats, mentor.location.city));
  if (audience) reasons.push("works with your group: " + label(labels, "audiences", prefs.audience));
  if (prefs.minor) reasons.push("cleared to mentor under-18s");
  if (prefs.timezone) {
    const apart = minutesApart(mentor.timezone, prefs.timezone, reference);
    points += ((HALF_DAY_MINUTES - Math.abs(apart)) * TIMEZONE_POINTS_PER_HOUR) / 60;
    reasons.push(timezoneReason(apart));
  }
  const free = mentor.free_places;
  reasons.push(`${free} place${free === 1 ? "" : "s"} free`);
  return { id: mentor.id, score: points, reasons, free_places: free };
}

// The best `limit` suggestions: highest score, then most free places (so equally good
// mentors share the requests), then id (so the order is reproducible).
export function rank(mentors, prefs, reference, limit = LIMIT, labels = {}) {
  return mentors
    .map((m) => score(m, prefs, reference, labels))
    .filter((s) => s !== null)
    .sort((a, b) => b.score - a.score || b.free_places - a.free_places || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

// Minutes east of UTC of an IANA zone at `reference`, from Intl (as zoneinfo does in Python).
export function offsetMinutes(zone, reference) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(reference);
  const name = parts.find((p) => p.type === "timeZoneName").value; // "GMT", "GMT+05:30", "GMT-03:00"
  const found = /^GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!found) return 0;
  const minutes = Number(found[2]) * 60 + Number(found[3]);
  return found[1] === "-" ? -minutes : minutes;
}

// The mentor's clock minus the mentee's, in minutes, folded into (-12 h, +12 h].
function minutesApart(mentorZone, menteeZone, reference) {
  const difference = offsetMinutes(mentorZone, reference) - offsetMinutes(menteeZone, reference);
  const day = 2 * HALF_DAY_MINUTES;
  const folded = ((((difference + HALF_DAY_MINUTES) % day) + day) % day) - HALF_DAY_MINUTES;
  return folded === -HALF_DAY_MINUTES ? HALF_DAY_MINUTES : folded;
}

function interestsReason(names) {
  if (names.length === 1) return `shares your interest: ${names[0]}`;
  return `shares ${names.length} of your interests: ${names.join(", ")}`;
}

function formatReason(formats, city) {
  if (formats.length === 1 && formats[0] === "virtual") return "meets online";
  if (formats.length === 1 && formats[0] === "in-person") return `meets in person in ${city}`;
  return `meets online or in person in ${city}`;
}

function timezoneReason(apart) {
  if (apart === 0) return "same local time as you";
  const hours = Math.floor(Math.abs(apart) / 60);
  const minutes = Math.abs(apart) % 60;
  const parts = [];
  if (hours) parts.push(`${hours} hour${hours === 1 ? "" : "s"}`);
  if (minutes) parts.push(`${minutes} minutes`);
  return `${parts.join(" ")} ${apart > 0 ? "ahead of" : "behind"} you`;
}

function join(items) {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function label(labels, kind, key) {
  return (labels[kind] && labels[kind][key]) || key;
}

export function isTimeZone(zone) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Why a search may come back thin: the asked-for topics that no mentor who could be suggested
// (accepting, and cleared for an under-18) covers, whatever the other answers; and, when no
// such mentor exists at all, how many are in each other state.
export function gaps(mentors, prefs) {
  const open = mentors.filter((m) => m.state === "accepting" && (!prefs.minor || m.youth_cleared));
  const uncovered = prefs.interests.filter((term) => !open.some((m) => m.expertise.includes(term)));
  const states = {};
  for (const m of mentors) states[m.state] = (states[m.state] || 0) + 1;
  return { uncovered, nobodyOpen: open.length === 0, states };
}

// --- the page ---------------------------------------------------------------------------

const form = document.getElementById("mh-match-form");
if (form) startMatch(form);

function startMatch(form) {
  const data = JSON.parse(document.getElementById("mh-match-data").textContent);
  const options = (list) => Object.fromEntries(list.map((o) => [o.id, o.label]));
  const labels = { expertise: options(data.interests), audiences: options(data.audiences), languages: options(data.languages) };
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
      minor: minor ? "" : "Select yes if you are under 18",
      timezone: !timezone || isTimeZone(timezone) ? "" : "Enter a time zone from the list, such as Europe/Lisbon, or leave it blank",
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
    };
  }

  function render(suggestions, prefs) {
    const byId = Object.fromEntries(mentors.map((m) => [m.id, m]));
    list.replaceChildren(...suggestions.map((s) => suggestionItem(byId[s.id], s)));
    results.hidden = false;
    const found = gaps(mentors, prefs);
    const notes = [];
    if (found.nobodyOpen) {
      const who = prefs.minor ? "cleared to mentor under-18s " : "";
      const others = [["full", "full"], ["paused", "paused"], ["stale", "waiting for their profile to be confirmed"]]
        .filter(([state]) => found.states[state])
        .map(([state, words]) => `${found.states[state]} ${words}`);
      status.textContent = `No mentor ${who}is taking new mentees at the moment${others.length ? ` (${join(others)})` : ""}, so there is nobody to suggest.`;
    } else {
      status.textContent = suggestions.length
        ? `${suggestions.length} mentor${suggestions.length === 1 ? "" : "s"} suggested, best match first.`
        : "No mentor taking new mentees fits these answers. Try more languages or another way of meeting.";
      if (found.uncovered.length) {
        const topics = join(found.uncovered.map((t) => label(labels, "expertise", t)));
        notes.push(`No mentor taking new mentees covers ${topics} at the moment, so these suggestions are for your other answers.`);
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
    why.setAttribute("aria-label", `Why we suggest ${mentor.name}`);
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
    status.textContent = "Finding mentors…";
    try {
      mentors = mentors || (await loadMentors());
    } catch {
      status.textContent = "The list of mentors could not be loaded. Check your connection and try again.";
      return;
    }
    render(rank(mentors, prefs, new Date(), LIMIT, labels), prefs);
  });
}
