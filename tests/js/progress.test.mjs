// theme/assets/progress.js on the shared vectors in tests/js/vectors: durations and dates written
// as Python's Language.format_duration and format_date write them, in each language, and progress codes, old and new, read as they
// were made (tests/test_progress_conformance.py runs this with `node --test`).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { CodeError, exportCode, formatDate, formatDuration, importCode } from "../../mentorhub/theme/assets/progress.js";

const vectors = (name) => JSON.parse(readFileSync(new URL(`./vectors/${name}.json`, import.meta.url), "utf-8"));
// English under the file's own key, other languages under `languages`; each language's words as
// its pages give them (Language.time_words), written by tests/test_progress_conformance.py.
const byLanguage = (name) => ({ en: vectors(name)[name], ...vectors(name).languages });
const durations = byLanguage("durations");
const dates = byLanguage("dates");
const timeWords = JSON.parse(readFileSync(process.env.MH_TIME_WORDS, "utf-8"));
const count = (answers) => Object.values(answers).reduce((sum, list) => sum + list.length, 0);
const codes = vectors("progress-codes");
const idsOf = (vector) => (vector.module_ids === "demo" ? codes.demo_module_ids : vector.module_ids);

test("durations read as Python writes them", () => {
  for (const [code, answers] of Object.entries(durations)) {
    for (const [minutes, words] of answers) assert.equal(formatDuration(minutes, timeWords[code]), words, `${code}: ${minutes} minutes`);
  }
  console.log(`checked ${count(durations)} durations`);
});

test("dates read as Python writes them, whatever the time zone", () => {
  for (const [code, answers] of Object.entries(dates)) {
    for (const [iso, words] of answers) assert.equal(formatDate(iso, timeWords[code]), words, `${code}: ${iso}`);
  }
  console.log(`checked ${count(dates)} dates`);
});

test("short codes are made as saved, short enough to type, and read back", async () => {
  for (const vector of codes.short) {
    const code = exportCode(vector.progress, idsOf(vector));
    assert.equal(code, vector.code, vector.name);
    assert.ok(code.length <= 20, `${vector.name}: ${code} is ${code.length} characters`);
    assert.deepEqual(await importCode(code, idsOf(vector)), vector.imports_as, vector.name);
    // Read out and typed: lower case, spaces for dashes, O for 0 and l for 1 still work.
    const typed = code.toLowerCase().replaceAll("-", " ").replaceAll("0", "o").replaceAll("1", "l");
    assert.deepEqual(await importCode(` ${typed} `, idsOf(vector)), vector.imports_as, `${vector.name}, typed`);
  }
  console.log(`checked ${codes.short.length} short codes`);
});

test("long codes saved before the short ones still import", async () => {
  for (const vector of codes.long) {
    assert.deepEqual(await importCode(vector.code, codes.demo_module_ids), vector.imports_as, vector.code);
  }
  console.log(`checked ${codes.long.length} long codes`);
});

test("a mistyped or foreign code is refused with a reason, never misread", async () => {
  for (const vector of codes.refused) {
    await assert.rejects(importCode(vector.code, codes.demo_module_ids), (error) => error instanceof CodeError && error.reason === vector.error,
      vector.why);
  }
  console.log(`checked ${codes.refused.length} refused codes`);
});
