// The thank-you page: the request's reference, the mentee's copy of their answers, and when
// the chosen mentor had just filled up, that the request was kept and who a coordinator may
// suggest instead. request.js leaves the receiver's answer in sessionStorage; after a plain form post the inbox's redirect says the
// same in the query (?ref=, &mentor=<id> or &mentor_full=<id>&alternatives=<id>,<id>), and names come from
// the site's mentors.json.

import { strings } from "./strings.js";

const words = strings("thanks");  // the page's titles, in its language (request-thanks.html)
const SENT_KEY = "mentorhub:request-sent:v1";
const REFERENCE = /^[\w-]{1,64}$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;

const page = document.getElementById("mh-thanks");
if (page) showAnswer(page);

function stored() {
  try {
    return JSON.parse(sessionStorage.getItem(SENT_KEY) || "null");
  } catch {
    return null;
  }
}

async function fromQuery(params) {
  const asked = params.get("mentor_full") || params.get("mentor");
  const ids = [asked, ...(params.get("alternatives") || "").split(",")].filter((id) => ID.test(id || ""));
  let names = new Map();
  try {
    const response = await fetch(new URL(page.dataset.mentorsJson, window.location.href));
    const data = await response.json();
    names = new Map((data.mentors || []).map((m) => [m.id, m.name]));
  } catch {
    // the ids stand in for names
  }
  const [mentor, ...alternatives] = ids.map((id) => ({ id, name: names.get(id) || id }));
  return { ref: params.get("ref") || "", mentor_full: ID.test(params.get("mentor_full") || ""), mentor, alternatives };
}

async function showAnswer(page) {
  const params = new URLSearchParams(window.location.search);
  const saved = stored();
  const ref = params.get("ref") || saved?.ref || "";
  let answer = saved && (!params.get("ref") || saved.ref === params.get("ref")) ? saved : null;
  if (!answer && ID.test(params.get("mentor_full") || params.get("mentor") || "")) answer = await fromQuery(params);
  if (!answer && !REFERENCE.test(ref)) {
    showView(false);
    return;
  }
  showView(true);

  const box = document.getElementById("mh-request-reference");
  if (box && REFERENCE.test(ref)) {
    box.querySelector("strong").textContent = ref;
    box.hidden = false;
  }
  if (answer?.mentor && ID.test(answer.mentor.id || "")) showMentor(page, answer.mentor);
  if (answer?.mentor_full && answer.mentor) showFull(page, answer);
  if (Array.isArray(answer?.answers) && answer.answers.length) showCopy(answer.answers);
}

// Sent, or opened with no answer from this browser and no reference in the address: nothing
// was sent (a bookmark, a shared link), so the page says so and leads to the form. The page
// comes as one or the other (request-thanks.html); the script sets it right either way.
function showView(sent) {
  document.getElementById("mh-thanks-sent").hidden = !sent;
  document.getElementById("mh-thanks-none").hidden = sent;
  document.title = sent ? retitle(words.none, words.sent) : retitle(words.sent, words.none);
}

// The tab's title with its first words `from` (the page's title) changed to `to`.
function retitle(from, to) {
  return document.title.startsWith(from) ? to + document.title.slice(from.length) : document.title;
}

// The mentee's copy of their answers (request.js), as text: nothing in it is read as markup.
function showCopy(answers) {
  const section = document.getElementById("mh-request-copy");
  if (!section) return;
  section.querySelector("dl").replaceChildren(...answers.flatMap(({ question, answer }) => {
    const term = document.createElement("dt");
    term.textContent = String(question || "");
    const detail = document.createElement("dd");
    detail.textContent = String(answer || "");
    return [term, detail];
  }));
  document.getElementById("mh-request-print")?.addEventListener("click", () => window.print());
  section.hidden = false;
}

// "You asked for Ana Pereira", linked to the profile: the one answer request.js hands over
// besides the receiver's (it clears the draft of the form once the request is sent).
function showMentor(page, mentor) {
  const line = document.getElementById("mh-request-mentor");
  if (!line) return;
  const link = line.querySelector("a");
  link.href = new URL(`${mentor.id}/`, new URL(page.dataset.mentors, window.location.href)).href;
  link.textContent = mentor.name || mentor.id;
  line.hidden = false;
}

function showFull(page, answer) {
  const heading = document.querySelector("#mh-thanks-sent h1");
  heading.textContent = words.received;
  document.title = retitle(words.sent, words.received);
  const full = document.getElementById("mh-request-full");
  const alternatives = (answer.alternatives || []).filter((m) => ID.test(m.id || ""));
  const text = alternatives.length ? page.dataset.messageFull : page.dataset.messageFullAlone;
  full.querySelector("p").textContent = text.replace("{name}", answer.mentor.name);
  const mentors = new URL(page.dataset.mentors, window.location.href);
  full.querySelector("ul").replaceChildren(...alternatives.map((m) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = new URL(`${m.id}/`, mentors).href;
    link.textContent = m.name || m.id;
    item.append(link);
    return item;
  }));
  full.querySelector("ul").hidden = !alternatives.length;
  full.hidden = false;
}
