// The training page: each module's status and the time left from this browser's progress,
// a printable self-study record (with a name typed in for the print only, never stored), and
// moving progress between devices with a short code.
import { CodeError, exportCode, formatDate, formatDuration, importCode, statusOf, storeFor, today } from "./progress.js";
import { format, plural, strings } from "./strings.js";

const panel = document.getElementById("mh-progress");
if (panel) startTrainingPage(panel);

function startTrainingPage(panel) {
  const store = storeFor(panel.dataset.siteRoot);
  const words = strings("training"); // the page's words, in its language (theme/training.html)
  const { status: statusWords, time } = strings("progress");
  const ids = panel.dataset.moduleIds.split(" ");
  const items = new Map(ids.map((id) => [id, document.querySelector(`li[data-module-id="${id}"]`)]));
  const summary = document.getElementById("mh-progress-summary");
  const codeBox = document.getElementById("mh-progress-code-box");
  const importError = document.getElementById("mh-progress-import-error");
  const resetButton = document.getElementById("mh-progress-reset");
  const nameInput = document.getElementById("mh-record-name-input");

  function render() {
    const progress = store.load();
    let done = 0;
    let minutesLeft = 0;
    for (const [id, item] of items) {
      const status = statusOf(progress, id);
      const badge = item.querySelector("[data-status-for-module]");
      badge.textContent = statusWords[status];
      badge.className = `mh-module-status mh-module-status--${status}`;
      if (status === "complete") done += 1;
      else minutesLeft += Number(item.dataset.minutes);
    }
    const left = minutesLeft === 0 ? words.nothing_left : format(words.left, { duration: formatDuration(minutesLeft, time) });
    summary.textContent = plural(words.summary, ids.length, { done, left });
    // Nothing to reset until something is recorded (a module opened, passed or completed).
    resetButton.hidden = !ids.some((id) => Object.keys(progress.modules[id] || {}).length);
    renderRecord(progress);
  }

  function renderRecord(progress) {
    const body = document.querySelector("#mh-record tbody");
    const completed = ids.filter((id) => progress.modules[id]?.completed);
    document.querySelector("[data-record-empty]").hidden = completed.length > 0;
    body.replaceChildren(...completed.map((id) => {
      const row = document.createElement("tr");
      const item = items.get(id);
      const length = formatDuration(Number(item.dataset.minutes), time);
      for (const text of [item.querySelector("h3 a").textContent, length, formatDate(progress.modules[id].completed, time)]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }));
    document.querySelector("[data-record-date]").textContent = formatDate(today(), time);
  }

  // The typed name goes on the printed record only: it lives in the input, never in storage.
  nameInput.addEventListener("input", () => {
    document.querySelector("[data-record-name]").textContent = nameInput.value.trim();
  });

  document.getElementById("mh-progress-print").addEventListener("click", () => window.print());
  document.getElementById("mh-progress-export").addEventListener("click", async () => {
    const input = document.getElementById("mh-progress-code");
    input.value = exportCode(store.load(), ids);
    codeBox.hidden = false;
    input.focus();
    input.select();
  });
  resetButton.addEventListener("click", () => {
    if (!window.confirm(words.reset)) return;
    store.reset();
    codeBox.hidden = true; // a code shown before would bring the old progress back
    render();
    summary.focus(); // the button is gone now: keep the place, and read out the new summary
  });
  document.getElementById("mh-progress-import-button").addEventListener("click", async () => {
    const input = document.getElementById("mh-progress-import");
    try {
      store.save(await importCode(input.value, ids));
      importError.hidden = true;
      input.value = "";
      render();
    } catch (error) {
      if (!(error instanceof CodeError)) throw error;
      importError.textContent = format(words.code[error.reason], error.values);
      importError.hidden = false;
      input.focus();
    }
  });
  // Progress made in another tab (or restored by the back button) shows up here too.
  window.addEventListener("storage", render);
  window.addEventListener("pageshow", render);

  panel.hidden = false;
  render();
}
