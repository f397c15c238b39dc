// The training page: each module's status and the time left from this browser's progress,
// a printable self-study record, and moving progress between devices.
import { STATUS_LABELS, exportCode, importCode, statusOf, storeFor, today } from "./progress.js";

const panel = document.getElementById("mh-progress");
if (panel) startTrainingPage(panel);

function startTrainingPage(panel) {
  const store = storeFor(panel.dataset.siteRoot);
  const ids = panel.dataset.moduleIds.split(" ");
  const items = new Map(ids.map((id) => [id, document.querySelector(`li[data-module-id="${id}"]`)]));
  const summary = document.getElementById("mh-progress-summary");
  const codeBox = document.getElementById("mh-progress-code-box");
  const importError = document.getElementById("mh-progress-import-error");

  function render() {
    const progress = store.load();
    let done = 0;
    let minutesLeft = 0;
    for (const [id, item] of items) {
      const status = statusOf(progress, id);
      const badge = item.querySelector("[data-status-for-module]");
      badge.textContent = STATUS_LABELS[status];
      badge.className = `mh-module-status mh-module-status--${status}`;
      if (status === "complete") done += 1;
      else minutesLeft += Number(item.dataset.minutes);
    }
    const hours = Math.floor(minutesLeft / 60);
    const left = minutesLeft === 0 ? "nothing left to study" : `about ${hours ? `${hours} h ` : ""}${minutesLeft % 60} min left`;
    summary.textContent = `${done} of ${ids.length} modules complete · ${left}`;
    renderRecord(progress);
  }

  function renderRecord(progress) {
    const body = document.querySelector("#mh-record tbody");
    body.replaceChildren(...ids.filter((id) => progress.modules[id]?.completed).map((id) => {
      const row = document.createElement("tr");
      const item = items.get(id);
      for (const text of [item.querySelector("h3 a").textContent, item.dataset.minutes, progress.modules[id].completed]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }));
    document.querySelector("[data-record-date]").textContent = today();
  }

  document.getElementById("mh-progress-print").addEventListener("click", () => window.print());
  document.getElementById("mh-progress-export").addEventListener("click", async () => {
    const input = document.getElementById("mh-progress-code");
    input.value = await exportCode(store.load());
    codeBox.hidden = false;
    input.focus();
    input.select();
  });
  document.getElementById("mh-progress-reset").addEventListener("click", () => {
    if (!window.confirm("Reset your training progress in this browser? This cannot be undone.")) return;
    store.reset();
    render();
  });
  document.getElementById("mh-progress-import-button").addEventListener("click", async () => {
    const input = document.getElementById("mh-progress-import");
    try {
      store.save(await importCode(input.value));
      importError.hidden = true;
      input.value = "";
      render();
    } catch (error) {
      importError.textContent = error.message;
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
