// theme/assets/scorer.js against Python's matching.rank and matching.score, on the vectors
// tests/test_scorer_conformance.py writes (run that: it makes the vectors, then runs
// `node --test tests/js/scorer.test.mjs` with SCORER_VECTORS set to their file).
//
// The file: {cases: [{name, mentors, scorer, vectors: [{prefs, reference, limit, offsets,
// rank, score}]}]}; `offsets` are Python's UTC offsets (minutes) of the zones involved, `rank`
// is rank(...) and `score` is score(...) of each mentor in turn (null: never suggested).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { offsetMinutes, rank, score } from "../../mentorhub/theme/assets/scorer.js";

const FILE = process.env.SCORER_VECTORS;
const TOLERANCE = 1e-9;

// What differs between a Python suggestion (or null) and scorer.js's, or null when they agree.
function difference(expected, actual, where) {
  if (expected === null || actual === null) {
    return expected === actual ? null : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  if (actual.id !== expected.id) return `${where}.id: expected ${expected.id}, got ${actual.id}`;
  if (!(Math.abs(actual.score - expected.score) <= TOLERANCE)) {
    return `${where}.score (${expected.id}): expected ${expected.score}, got ${actual.score}`;
  }
  if (actual.free_places !== expected.free_places) {
    return `${where}.free_places (${expected.id}): expected ${expected.free_places}, got ${actual.free_places}`;
  }
  const count = Math.max(expected.reasons.length, actual.reasons.length);
  for (let i = 0; i < count; i++) {
    if (actual.reasons[i] !== expected.reasons[i]) {
      return `${where}.reasons[${i}] (${expected.id}): expected ${JSON.stringify(expected.reasons[i])}, `
        + `got ${JSON.stringify(actual.reasons[i])}\n  all expected: ${JSON.stringify(expected.reasons)}`
        + `\n  all got:      ${JSON.stringify(actual.reasons)}`;
    }
  }
  return null;
}

function check(testCase, vector) {
  const reference = new Date(vector.reference);
  for (const [zone, minutes] of Object.entries(vector.offsets)) {
    const found = offsetMinutes(zone, reference);
    if (found !== minutes) {
      return `time-zone databases disagree, not the scorer: ${zone} at ${vector.reference} is UTC${minutes >= 0 ? "+" : ""}`
        + `${minutes} min in Python's tzdata, ${found} in Node's Intl (ICU tz ${process.versions.tz}); pick other zones or instants`;
    }
  }
  for (const [i, mentor] of testCase.mentors.entries()) {
    const problem = difference(vector.score[i], score(mentor, vector.prefs, reference, testCase.scorer), `score(mentors[${i}])`);
    if (problem) return `${problem}\n  mentor: ${JSON.stringify(mentor)}`;
  }
  const found = rank(testCase.mentors, vector.prefs, reference, testCase.scorer, vector.limit);
  const ids = (list) => JSON.stringify(list.map((s) => s.id));
  if (found.length !== vector.rank.length) {
    return `rank: expected ${vector.rank.length} suggestions ${ids(vector.rank)}, got ${found.length} ${ids(found)}`;
  }
  for (const [i, expected] of vector.rank.entries()) {
    const problem = difference(expected, found[i], `rank[${i}]`);
    if (problem) return `${problem}\n  order expected: ${ids(vector.rank)}\n  order got:      ${ids(found)}`;
  }
  return null;
}

test("scorer.js ranks and scores as matching.py does", { skip: FILE ? false : "SCORER_VECTORS is not set" }, () => {
  const started = performance.now();
  const { cases } = JSON.parse(readFileSync(FILE, "utf8"));
  let vectors = 0;
  let scores = 0;
  const mismatches = [];
  for (const testCase of cases) {
    for (const [i, vector] of testCase.vectors.entries()) {
      vectors += 1;
      scores += testCase.mentors.length;
      let problem;
      try {
        problem = check(testCase, vector);
      } catch (error) {
        problem = `threw ${error && error.stack ? error.stack : error}`;
      }
      if (problem) mismatches.push({ where: `${testCase.name}, vector ${i}`, vector, problem });
    }
  }
  assert.ok(vectors > 0, `no vectors in ${FILE}`);
  const ms = Math.round(performance.now() - started);
  if (mismatches.length) {
    const [first] = mismatches;
    const inputs = { prefs: first.vector.prefs, reference: first.vector.reference, limit: first.vector.limit };
    assert.fail(`${mismatches.length} of ${vectors} vectors differ from Python. First: ${first.where}\n`
      + `  inputs: ${JSON.stringify(inputs)}\n  ${first.problem}`);
  }
  console.log(`checked ${vectors} vectors (${scores} scores) in ${ms} ms: all as Python`);
});
