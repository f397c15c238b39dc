// theme/assets/strings.js on the shared vectors in tests/js/vectors/plurals.json: the browser picks
// the same plural form as Babel for each count, and fills placeholders as Python's `%` does
// (tests/test_translations.py runs this with `node --test`).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

globalThis.document = { documentElement: { lang: "en" } };
const { format, plural } = await import("../../mentorhub/theme/assets/strings.js");
const vectors = JSON.parse(readFileSync(new URL("./vectors/plurals.json", import.meta.url), "utf-8"));

test("plural categories agree with Babel's", () => {
  let checked = 0;
  for (const [lang, cases] of Object.entries(vectors.plurals)) {
    for (const [n, category] of cases) {
      assert.equal(new Intl.PluralRules(lang).select(n), category, `${lang} ${n}`);
      document.documentElement.lang = lang;
      assert.equal(plural({ [category]: `${category} %(num)s`, other: "other %(num)s" }, n).split(" ")[0], category);
      checked += 1;
    }
  }
  console.log(`checked ${checked} plural counts`);
});

test("placeholders are filled as Python fills them", () => {
  for (const [message, values, expected] of vectors.formats) assert.equal(format(message, values), expected, message);
  console.log(`checked ${vectors.formats.length} formats`);
});

test("numbers are written in the build's digits, as Babel writes them", async () => {
  const { formatNumber, numbering, pluralIn } = await import("../../mentorhub/theme/assets/strings.js");
  let checked = 0;
  for (const [lang, { numbering: system, numbers }] of Object.entries(vectors.numbers)) {
    for (const [n, expected] of numbers) {
      assert.equal(formatNumber(lang, n, system), expected, `${lang} ${n}`);
      assert.equal(pluralIn(lang, { other: "%(num)s" }, n, {}, system), expected, `${lang} ${n}`);
      checked += 1;
    }
  }
  // The page names its digits (theme/main.html); a browser's own default for Arabic may be Arabic-Indic.
  const meta = { content: vectors.numbers.ar.numbering };
  globalThis.document = { documentElement: { lang: "ar" }, querySelector: (s) => (s === 'meta[name="mh-numbering"]' ? meta : null) };
  assert.equal(numbering(), "latn");
  assert.equal(formatNumber("ar", 1234), "1,234");
  assert.notEqual(formatNumber("ar", 1234, "arab"), "1,234");
  globalThis.document = { documentElement: { lang: "en" } };
  console.log(`checked ${checked} numbers`);
});
