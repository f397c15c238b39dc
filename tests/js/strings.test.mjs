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
