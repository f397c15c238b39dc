// A mentor's training progress, kept in this browser's localStorage (one entry per site).
// Versioned, and tolerant of modules added or removed later: progress for a module that is
// gone is kept (it may come back) and simply not shown.
//
// A progress code carries it to another device. Codes made now are short enough to read out
// or type: "MH2-" and Crockford base32 (no I, L, O or U; case, spaces and dashes do not
// matter) in groups of four, e.g. "MH2-0K8Q-2FZ7-C". They hold which modules are complete
// (one bit per module, in curriculum order, so modules added at the end keep old codes
// valid), the date of the latest completion (which the other device gives every module the
// code completes) and a 15-bit checksum over the completed modules' ids, so a mistyped
// character, or a code from before the path changed, is refused rather than misread.
// Codes made before ("MH1." + the whole progress as deflated, base64url JSON) are still
// read: people have saved them. tests/js/vectors/progress-codes.json holds codes of both
// kinds that must keep working.

import { pluralIn } from "./strings.js";

const VERSION = 1;
const LONG_PREFIX = `MH${VERSION}.`;
const SHORT_PREFIX = "MH2";
const BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const DAY_ZERO = Date.UTC(2024, 0, 1); // day 0 of a short code's date
const DAY_MS = 86_400_000;
const DATE_BITS = 16n; // days after DAY_ZERO: until 2203
const CHECK_BITS = 15n;

export function storeFor(root) {
  const key = `mentorhub:training:${new URL(root, window.location.href).pathname}`;
  return {
    load() {
      try {
        return normalise(JSON.parse(localStorage.getItem(key) || "null"));
      } catch {
        return empty();
      }
    },
    save(progress) {
      localStorage.setItem(key, JSON.stringify(progress));
    },
    reset() {
      localStorage.removeItem(key);
    },
    update(moduleId, change) {
      const progress = this.load();
      progress.modules[moduleId] = { ...(progress.modules[moduleId] || {}), ...change };
      this.save(progress);
      return progress;
    },
  };
}

export function today() {
  return new Date().toLocaleDateString("en-CA"); // YYYY-MM-DD in the learner's own time zone
}

export function statusOf(progress, moduleId) {
  const entry = progress.modules[moduleId];
  if (entry?.completed) return "complete";
  return entry?.started ? "in-progress" : "not-started";
}

/** `3 hours`, `2 horas 30 minutos`, `45 minutes`: Language.format_duration, from the page's
 * `words` (Language.time_words), on the same vectors (tests/js/vectors/durations.json), so the
 * time left reads like every module's time. */
export function formatDuration(minutes, words) {
  const total = Math.max(0, minutes);
  const parts = [[Math.floor(total / 60), words.hour], [total % 60, words.minute]]
    .filter(([n]) => n)
    .map(([n, forms]) => pluralIn(words.language, forms, n, {}, words.numbering));
  return parts.join(" ") || pluralIn(words.language, words.minute, 0, {}, words.numbering);
}

/** `Tuesday 1 December 2026`, `martes, 1 de diciembre de 2026` for `2026-12-01`:
 * Language.format_date, from the CLDR pattern and names in `words` (Language.time_words), on the
 * same vectors (tests/js/vectors/dates.json). Read as a calendar day (UTC), never shifted by the
 * visitor's zone. */
export function formatDate(iso, words) {
  const [year, month, day] = iso.split("-").map(Number);
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7; // Monday first, as Babel's names
  const fields = { EEEE: words.days[weekday], MMMM: words.months[month - 1], d: String(day), y: String(year) };
  // A pattern's runs of one letter are fields; 'quoted' text is literal and '' an apostrophe.
  return words.pattern.replace(/'([^']*)'|([A-Za-z])\2*/g, (whole, quoted) => {
    if (quoted !== undefined) return quoted === "" ? "'" : quoted;
    if (!Object.hasOwn(fields, whole)) throw new Error(`no date field ${whole} in "${words.pattern}"`);
    return fields[whole];
  });
}

/** The short code for `progress`, given the modules in curriculum order. */
export function exportCode(progress, moduleIds) {
  const done = moduleIds.filter((id) => progress.modules[id]?.completed);
  const latest = done.map((id) => progress.modules[id].completed).sort().at(-1);
  const day = latest ? dayNumber(latest) : 0;
  let bits = 0n;
  moduleIds.forEach((id, i) => { if (progress.modules[id]?.completed) bits |= 1n << BigInt(i); });
  const value = (((bits << DATE_BITS) | BigInt(day)) << CHECK_BITS) | checksum(done, day);
  let digits = "";
  for (let rest = value; digits === "" || rest > 0n; rest >>= 5n) digits = BASE32[Number(rest & 31n)] + digits;
  return [SHORT_PREFIX, ...digits.match(/.{1,4}/g)].join("-");
}

/** Why a code was refused: `reason` names the learner's message (the page's words for it,
 * theme/training.html), `values` fills it in; the message itself is English, for developers. */
export class CodeError extends Error {
  constructor(reason, values = {}) {
    super(`progress code refused: ${reason}`);
    this.reason = reason;
    this.values = values;
  }
}

/** Progress from a code of either kind; throws a CodeError that says why not. */
export async function importCode(code, moduleIds) {
  const trimmed = code.trim();
  if (trimmed.startsWith(LONG_PREFIX)) return importLongCode(trimmed);
  const compact = trimmed.toUpperCase().replace(/[\s-]/g, "");
  if (!compact.startsWith(SHORT_PREFIX) || compact.length === SHORT_PREFIX.length) {
    throw new CodeError("foreign");
  }
  let value = 0n;
  for (const char of compact.slice(SHORT_PREFIX.length).replace(/O/g, "0").replace(/[IL]/g, "1")) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) throw new CodeError("character", { char });
    value = (value << 5n) | BigInt(digit);
  }
  const check = value & ((1n << CHECK_BITS) - 1n);
  const day = Number((value >> CHECK_BITS) & ((1n << DATE_BITS) - 1n));
  const bits = value >> (CHECK_BITS + DATE_BITS);
  const done = moduleIds.filter((_, i) => (bits >> BigInt(i)) & 1n);
  if (bits >> BigInt(moduleIds.length) || checksum(done, day) !== check) {
    throw new CodeError("mismatch");
  }
  const completed = new Date(DAY_ZERO + day * DAY_MS).toISOString().slice(0, 10);
  return { version: VERSION, modules: Object.fromEntries(done.map((id) => [id, { completed }])) };
}

async function importLongCode(code) {
  try {
    const base64 = code.slice(LONG_PREFIX.length).replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const unpacked = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")))
      .text();
    return normalise(JSON.parse(unpacked), true);
  } catch {
    throw new CodeError("damaged");
  }
}

function dayNumber(date) {
  const [y, m, d] = date.split("-").map(Number);
  return Math.min(Math.max(0, Math.round((Date.UTC(y, m - 1, d) - DAY_ZERO) / DAY_MS)), 2 ** Number(DATE_BITS) - 1);
}

// FNV-1a (32 bits) over the completed ids and the day, folded to CHECK_BITS.
function checksum(ids, day) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`${ids.join(" ")}|${day}`)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return BigInt((hash ^ (hash >>> 15)) & 0x7fff);
}

function empty() {
  return { version: VERSION, modules: {} };
}

// Keeps only well-formed entries; `strict` refuses anything that is not version-1 progress.
function normalise(data, strict = false) {
  if (!data || data.version !== VERSION || typeof data.modules !== "object") {
    if (strict) throw new Error("not progress");
    return empty();
  }
  const modules = {};
  const date = /^\d{4}-\d{2}-\d{2}$/;
  for (const [id, entry] of Object.entries(data.modules)) {
    if (!/^[a-z0-9-]{1,100}$/.test(id) || typeof entry !== "object" || entry === null) continue;
    modules[id] = {};
    for (const field of ["started", "passed", "completed"]) {
      if (date.test(entry[field] || "")) modules[id][field] = entry[field];
    }
  }
  return { version: VERSION, modules };
}
