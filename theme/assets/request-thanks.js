// The thank-you page: the request's reference, and when the chosen mentor had just filled up,
// that the request was kept and who a coordinator may suggest instead. request.js leaves the
// receiver's answer in sessionStorage; after a plain form post the inbox's redirect says the
// same in the query (?ref=, &mentor_full=<id>&alternatives=<id>,<id>), and names come from
// the site's mentors.json.

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
  const ids = [params.get("mentor_full"), ...(params.get("alternatives") || "").split(",")].filter((id) => ID.test(id || ""));
  let names = new Map();
  try {
    const response = await fetch(new URL(page.dataset.mentorsJson, window.location.href));
    const data = await response.json();
    names = new Map((data.mentors || []).map((m) => [m.id, m.name]));
  } catch {
    // the ids stand in for names
  }
  const [mentor, ...alternatives] = ids.map((id) => ({ id, name: names.get(id) || id }));
  return { ref: params.get("ref") || "", mentor_full: Boolean(mentor), mentor, alternatives };
}

async function showAnswer(page) {
  const params = new URLSearchParams(window.location.search);
  const saved = stored();
  const ref = params.get("ref") || saved?.ref || "";
  let answer = saved && (!params.get("ref") || saved.ref === params.get("ref")) ? saved : null;
  if (!answer && ID.test(params.get("mentor_full") || "")) answer = await fromQuery(params);
  if (!answer && !REFERENCE.test(ref)) {
    showNothingSent();
    return;
  }

  const box = document.getElementById("mh-request-reference");
  if (box && REFERENCE.test(ref)) {
    box.querySelector("strong").textContent = ref;
    box.hidden = false;
  }
  if (answer?.mentor && ID.test(answer.mentor.id || "")) showMentor(page, answer.mentor);
  if (answer?.mentor_full && answer.mentor) showFull(page, answer);
}

// Opened with no answer from this browser and no reference in the address: nothing was sent
// (a bookmark, a shared link), so the page says so and leads to the form.
function showNothingSent() {
  document.getElementById("mh-thanks-sent").hidden = true;
  document.getElementById("mh-thanks-none").hidden = false;
  document.title = document.title.replace(/^Request sent/, "No request sent");
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
  heading.textContent = "Request received";
  document.title = document.title.replace(/^Request sent/, "Request received");
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
