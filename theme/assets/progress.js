// A mentor's training progress, kept in this browser's localStorage (one entry per site).
// Versioned, and tolerant of modules added or removed later: progress for a module that is
// gone is kept (it may come back) and simply not shown. A progress code carries it to
// another device: "MH1." + the progress as deflated, base64url JSON.

const VERSION = 1;
const CODE_PREFIX = `MH${VERSION}.`;

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

export const STATUS_LABELS = { "not-started": "Not started", "in-progress": "In progress", complete: "Complete" };

export async function exportCode(progress) {
  const bytes = new TextEncoder().encode(JSON.stringify(progress));
  const packed = await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw")))
    .arrayBuffer();
  const text = String.fromCharCode(...new Uint8Array(packed));
  return CODE_PREFIX + btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function importCode(code) {
  const trimmed = code.trim();
  if (!trimmed.startsWith(CODE_PREFIX)) throw new Error("That is not a progress code from this site.");
  try {
    const base64 = trimmed.slice(CODE_PREFIX.length).replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const unpacked = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")))
      .text();
    return normalise(JSON.parse(unpacked), true);
  } catch {
    throw new Error("That progress code is incomplete or damaged. Copy it again, all of it.");
  }
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
