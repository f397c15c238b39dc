// Guided match scoring, without the DOM: `score` and `rank` of mentorhub/content/matching.py.
// Only the logic lives here. The weights, the limit, the reasons' wording (templates with named
// placeholders) and the labels are data that Python makes (matching.scorer_data) and the match
// page carries (match_page_data's "scorer", in the #mh-match-data JSON of theme/match.html);
// match.js passes it in as `scorer`. A change to the logic must be made in matching.py too:
// tests/test_scorer_conformance.py generates inputs with Python's answers and runs
// tests/js/scorer.test.mjs under Node to check this module returns exactly those.

// How well `mentor` (a mentors.json record) suits `prefs`, or null if it must not be
// suggested. prefs: {interests: [], languages: [], format: "either"|"virtual"|"in-person",
// audience: id|null, minor: bool, timezone: IANA name|null, mentoring: "either"|"long-term"|"session"};
// reference: a Date.
// See matching.score for the rules; language and format are requirements, not points.
export function score(mentor, prefs, reference, scorer) {
  if (!takes(mentor, prefs.mentoring || "either")) return null;
  if (prefs.minor && !mentor.youth_cleared) return null;
  const languages = mentor.languages.filter((code) => prefs.languages.includes(code));
  if (prefs.languages.length && !languages.length) return null;
  // A profile may leave out formats, audiences, time zone and location (null or [] in mentors.json).
  const formats = (mentor.formats || []).filter((f) => prefs.format === "either" || prefs.format === f);
  if (prefs.format !== "either" && !formats.length) return null;
  const { weights, reasons: words } = scorer;
  const interests = mentor.expertise.filter((term) => prefs.interests.includes(term));
  const audience = prefs.audience != null && (mentor.audiences || []).includes(prefs.audience);
  let points = weights.interest * interests.length + (audience ? weights.audience : 0);
  const reasons = [];
  if (interests.length) {
    const names = interests.map((t) => label(scorer, "expertise", t));
    reasons.push(fill(plural(words.interests, names.length, words), { count: names.length, topics: names.join(words.list.separator) }));
  }
  if (languages.length) {
    reasons.push(fill(words.languages, { languages: join(languages.map((code) => label(scorer, "languages", code)), scorer) }));
  }
  const city = mentor.location ? mentor.location.city : null; // no wording without a format, or a city to meet in
  if (formats.length && (city || formatKey(formats) === "virtual")) reasons.push(fill(words.format[formatKey(formats)], { city }));
  if (audience) reasons.push(fill(words.audience, { group: label(scorer, "audiences", prefs.audience) }));
  if (prefs.minor) reasons.push(fill(words.minor, {}));
  if (mentor.sessions && prefs.mentoring !== "long-term") reasons.push(fill(words.sessions, {}));
  if (prefs.timezone && mentor.timezone) {
    const apart = minutesApart(mentor.timezone, prefs.timezone, reference, weights.half_day_minutes);
    points += ((weights.half_day_minutes - Math.abs(apart)) * weights.timezone_per_hour) / 60;
    reasons.push(timezoneReason(apart, words));
  }
  const free = mentor.free_places;
  if (free) reasons.push(fill(plural(words.free_places, free, words), { count: free }));
  return { id: mentor.id, score: points, reasons, free_places: free };
}

// The best `limit` suggestions: highest score, then most free places (so equally good
// mentors share the requests), then id (so the order is reproducible).
export function rank(mentors, prefs, reference, scorer, limit = scorer.limit) {
  return mentors
    .map((m) => score(m, prefs, reference, scorer))
    .filter((s) => s !== null)
    .sort((a, b) => b.score - a.score || b.free_places - a.free_places || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

const offsetFormats = new Map();

// Minutes east of UTC of an IANA zone at `reference`, from Intl (as zoneinfo does in Python).
export function offsetMinutes(zone, reference) {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(reference).find((p) => p.type === "timeZoneName").value; // "GMT", "GMT+05:30"
  const found = /^GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!found) return 0;
  const minutes = Number(found[2]) * 60 + Number(found[3]);
  return found[1] === "-" ? -minutes : minutes;
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
  const open = mentors.filter((m) => takes(m, prefs.mentoring || "either") && (!prefs.minor || m.youth_cleared));
  const uncovered = prefs.interests.filter((term) => !open.some((m) => m.expertise.includes(term)));
  const states = {};
  for (const m of mentors) states[m.state] = (states[m.state] || 0) + 1;
  return { uncovered, nobodyOpen: open.length === 0, states };
}

// Whether an accepting mentor can give the kind of mentoring asked for now: a free place for
// regular mentoring, one-off sessions for a session (MentorStatus.takes in mentor_state.py).
export function takes(mentor, kind) {
  if (mentor.state !== "accepting") return false;
  if (kind === "long-term") return mentor.free_places > 0;
  if (kind === "session") return Boolean(mentor.sessions);
  return true;
}

// "A, B and C", in the scorer's wording.
export function join(items, scorer) {
  const words = scorer.reasons.list;
  if (items.length === 1) return items[0];
  return fill(words.last, { items: items.slice(0, -1).join(words.separator), last: items[items.length - 1] });
}

// The display name of a term id or language code, or the id itself when it has none.
export function label(scorer, kind, key) {
  const names = scorer.labels[kind];
  return names && Object.hasOwn(names, key) ? names[key] : key;
}

// `template` with each `{name}` replaced by `values[name]`, in one pass (as matching._fill).
function fill(template, values) {
  return template.replace(/\{([a-z_]+)\}/g, (_, name) => {
    if (!Object.hasOwn(values, name)) throw new Error(`no value for {${name}} in "${template}"`);
    return String(values[name]);
  });
}

// A template, or of a plural message's forms (by CLDR category) the one for `count` in the
// reasons' language, as matching.plural picks with Babel's copy of the same rules.
function plural(template, count, words) {
  if (typeof template === "string") return template;
  return template[new Intl.PluralRules(words.language).select(count)] ?? template.other;
}

function formatKey(formats) {
  return formats.length === 1 && (formats[0] === "virtual" || formats[0] === "in-person") ? formats[0] : "either";
}

// The mentor's clock minus the mentee's, in minutes, folded into (-12 h, +12 h].
function minutesApart(mentorZone, menteeZone, reference, halfDay) {
  const difference = offsetMinutes(mentorZone, reference) - offsetMinutes(menteeZone, reference);
  const day = 2 * halfDay;
  const folded = ((((difference + halfDay) % day) + day) % day) - halfDay;
  return folded === -halfDay ? halfDay : folded;
}

function timezoneReason(apart, reasons) {
  const words = reasons.timezone;
  if (apart === 0) return fill(words.same, { whom: words.whom });
  const hours = Math.floor(Math.abs(apart) / 60);
  const minutes = Math.abs(apart) % 60;
  const hoursPart = fill(plural(words.hours, hours, reasons), { count: hours });
  const minutesPart = fill(plural(words.minutes, minutes, reasons), { count: minutes });
  const gap = hours && minutes ? fill(words.hours_and_minutes, { hours: hoursPart, minutes: minutesPart })
    : hours ? hoursPart : minutesPart;
  return fill(apart > 0 ? words.ahead : words.behind, { gap, whom: words.whom });
}
