// A training module: records that it was started, checks the self-check with an explanation
// for each option (retry as often as you like), and unlocks "Mark as complete" once every
// answer is right (or at once, when the programme does not ask for the self-check first).
import { formatDate, statusOf, storeFor, today } from "./progress.js";
import { format, strings } from "./strings.js";

const article = document.querySelector(".mh-module");
if (article) startModule(article);

function startModule(article) {
  const id = article.dataset.moduleId;
  const store = storeFor(article.dataset.siteRoot);
  const words = strings("module"); // the page's words, in its language (theme/module.html)
  const { status: statusWords, time } = strings("progress");
  const quizFirst = article.dataset.completeAfterQuiz === "true";
  const questions = [...article.querySelectorAll(".mh-question")];
  const box = document.getElementById("mh-complete");
  const button = document.getElementById("mh-complete-button");
  const hint = document.getElementById("mh-complete-hint");
  const correct = new Set();

  if (!store.load().modules[id]?.started) store.update(id, { started: today() });

  function render() {
    const progress = store.load();
    const entry = progress.modules[id] || {};
    const status = statusOf(progress, id);
    for (const badge of article.querySelectorAll("[data-status-for-module]")) {
      badge.textContent = `· ${statusWords[status]}`;
    }
    const unlocked = !quizFirst || entry.passed || correct.size === questions.length;
    // Three states, each told in words (the button describes itself by the hint): locked (a
    // muted, disabled button and why), ready (the primary button), done (a success line with
    // a tick, and a plain button to undo it).
    const state = entry.completed ? "done" : unlocked ? "ready" : "locked";
    box.dataset.state = state;
    button.disabled = state === "locked";
    button.classList.toggle("md-button--primary", state !== "done");
    button.textContent = state === "done" ? words.undo : words.complete;
    hint.textContent = {
      locked: words.locked,
      ready: quizFirst ? words.ready : "",
      done: format(words.done, { date: entry.completed ? formatDate(entry.completed, time) : "" }),
    }[state];
  }

  function check(question) {
    const options = [...question.querySelectorAll(".mh-option")];
    const chosen = options.filter((o) => o.querySelector("input").checked);
    const result = question.querySelector(".mh-question__result");
    if (chosen.length === 0) {
      result.textContent = words.choose;
      return;
    }
    const right = options.every((o) => o.querySelector("input").checked === (o.dataset.correct === "true"));
    for (const option of options) {
      const feedback = option.querySelector(".mh-option__feedback");
      feedback.hidden = !(option.querySelector("input").checked || (right && option.dataset.correct === "true"));
      option.classList.toggle("mh-option--right", !feedback.hidden && option.dataset.correct === "true");
      option.classList.toggle("mh-option--wrong", !feedback.hidden && option.dataset.correct !== "true");
    }
    result.textContent = right ? words.right : words.wrong;
    result.className = `mh-question__result ${right ? "mh-question__result--right" : "mh-question__result--wrong"}`;
    if (right) correct.add(question);
    else correct.delete(question);
    if (correct.size === questions.length) store.update(id, { passed: today() });
    render();
  }

  // The script explains each answer at its question, so the answer list for readers without
  // it is hidden; the form's own submit button checks every question at once.
  const answers = document.getElementById("mh-answers");
  if (answers) answers.hidden = true;
  document.getElementById("mh-quiz")?.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const question of questions) check(question);
    const wrong = questions.find((q) => !correct.has(q)); // the first still to answer, else "Mark as complete"
    (wrong ? wrong.querySelector("input") : button).focus();
  });
  for (const question of questions) {
    const checkButton = question.querySelector("[data-check]");
    checkButton.hidden = false;
    checkButton.addEventListener("click", () => check(question));
    question.addEventListener("change", () => {
      correct.delete(question);
      question.querySelector(".mh-question__result").textContent = "";
      for (const feedback of question.querySelectorAll(".mh-option__feedback")) feedback.hidden = true;
      for (const option of question.querySelectorAll(".mh-option")) {
        option.classList.remove("mh-option--right", "mh-option--wrong");
      }
    });
  }
  button.addEventListener("click", () => {
    const completed = store.load().modules[id]?.completed;
    store.update(id, { completed: completed ? undefined : today() });
    render();
  });
  window.addEventListener("pageshow", render);
  box.hidden = false;
  render();
}
