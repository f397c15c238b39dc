// The request form, enhanced: GOV.UK-style validation (an error summary that links to each
// field, the message repeated at the field, focus on the summary), guardian questions only
// for minors, mentors limited to those cleared for minors, a draft kept in sessionStorage
// until the request is delivered, and one submission id per request so a double click or
// a retry never makes two. The rules and messages come from the page (data-* attributes),
// which the receiver's checks share.

const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;
const DRAFT_KEY = "mentorhub:request-draft:v1";

const form = document.getElementById("mh-request");
if (form) startRequestForm(form);

// crypto.randomUUID needs https; getRandomValues works on any page.
function newSubmissionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function startRequestForm(form) {
  const summary = document.getElementById("mh-error-summary");
  const sendError = document.getElementById("mh-send-error");
  const button = form.querySelector("button[type=submit]");
  const groups = [...form.querySelectorAll(".mh-form-group")];
  const guardianBands = new Set(form.dataset.guardianBands.split(" ").filter(Boolean));
  const refusedBands = new Set(form.dataset.refusedBands.split(" ").filter(Boolean));
  const sendsItself = ["inbox", "http"].includes(form.dataset.delivery);
  const thanks = new URL(form.dataset.thanks, window.location.href);
  const title = document.title;
  let sending = false;

  form.noValidate = true; // our messages replace the browser's
  if (form.elements.next) form.elements.next.value = thanks.href;

  const values = (name) => new FormData(form).getAll(name).map(String);
  const value = (name) => (values(name)[0] || "").trim();
  const isMinor = () => guardianBands.has(value("age_band"));
  const mentorSelect = form.elements.namedItem("mentor");

  // --- draft ----------------------------------------------------------------------------

  function saveDraft() {
    const entries = [...new FormData(form)].filter(([name]) => !["website", "privacy_version", "next"].includes(name));
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(entries));
  }

  function restoreDraft() {
    let entries;
    try {
      entries = JSON.parse(sessionStorage.getItem(DRAFT_KEY) || "[]");
    } catch {
      return;
    }
    const saved = new Map();
    for (const [name, v] of entries) saved.set(name, [...(saved.get(name) || []), v]);
    for (const element of form.elements) {
      if (!element.name || !saved.has(element.name)) continue;
      const list = saved.get(element.name);
      if (element.type === "checkbox" || element.type === "radio") element.checked = list.includes(element.value);
      else if (element.type !== "hidden" || element.name === "submission_id") element.value = list[0];
    }
  }

  // --- conditional questions --------------------------------------------------------------

  function updateForAge() {
    const minor = isMinor();
    for (const group of groups.filter((g) => "minorsOnly" in g.dataset)) {
      group.hidden = !minor;
      group.querySelector(".mh-label .mh-hint")?.remove(); // "(only if under 18)" is for the no-script page
    }
    if (mentorSelect) {
      for (const option of mentorSelect.options) {
        const barred = minor && option.value !== "" && !("youthCleared" in option.dataset);
        option.hidden = barred;
        option.disabled = barred && !option.selected;
      }
    }
  }

  function preselectMentor() {
    const wanted = new URLSearchParams(window.location.search).get("mentor");
    if (!wanted || !mentorSelect) return;
    const option = [...mentorSelect.options].find((o) => o.value === wanted);
    if (option) {
      mentorSelect.value = wanted;
      return;
    }
    mentorSelect.value = ""; // the link's intent wins over an older draft
    const group = mentorSelect.closest(".mh-form-group");
    const note = document.createElement("p");
    note.className = "mh-inset";
    note.textContent = "The mentor you chose is not taking new mentees at the moment. "
      + "Choose another mentor, or 'Help me choose' and a coordinator will suggest someone.";
    group.querySelector("select").before(note);
  }

  // --- validation -----------------------------------------------------------------------

  function problemFor(group) {
    const name = group.dataset.field;
    if (group.hidden) return null;
    const required = "required" in group.dataset;
    const control = group.dataset.control;
    const chosen = values(name).filter(Boolean);
    if (control === "consent" && !form.elements.namedItem(name).checked) return group.dataset.error;
    if (required && chosen.length === 0 && !value(name)) return group.dataset.error;
    if (control === "email" && value(name) && !EMAIL.test(value(name))) return group.dataset.errorFormat;
    if (name === "age_band" && refusedBands.has(value(name))) return group.dataset.errorRefused;
    if (name === "mentor" && value(name)) {
      const option = mentorSelect.selectedOptions[0];
      if (isMinor() && !("youthCleared" in option.dataset)) {
        return group.dataset.errorYouth.replace("{name}", option.textContent.trim());
      }
    }
    return null;
  }

  function clearErrors() {
    summary.hidden = true;
    document.title = title;
    for (const group of groups) {
      group.classList.remove("mh-form-group--error");
      group.querySelector(".mh-error-message")?.remove();
      for (const el of group.querySelectorAll("[aria-describedby]")) {
        const ids = el.getAttribute("aria-describedby").split(" ").filter((id) => !id.endsWith("-error"));
        if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
        else el.removeAttribute("aria-describedby");
      }
      for (const el of group.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    }
  }

  function showErrors(problems) {
    clearErrors();
    const list = summary.querySelector("ul");
    list.replaceChildren();
    for (const { group, message } of problems) {
      const first = group.querySelector("input, select, textarea");
      const described = group.querySelector("fieldset") || first;
      const errorId = `${first.id}-error`;
      const error = document.createElement("p");
      error.className = "mh-error-message";
      error.id = errorId;
      error.innerHTML = '<span class="mh-visually-hidden">Error:</span> ';
      error.append(message);
      const anchor = group.querySelector(".mh-hint") || group.querySelector("legend, label");
      (anchor.closest("legend") || anchor).after(error);
      group.classList.add("mh-form-group--error");
      described.setAttribute("aria-describedby", [described.getAttribute("aria-describedby"), errorId]
        .filter(Boolean).join(" "));
      for (const input of group.querySelectorAll("input, select, textarea")) input.setAttribute("aria-invalid", "true");
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#${first.id}`;
      link.textContent = message;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        first.focus();
        (group.querySelector("legend") || group.querySelector("label"))?.scrollIntoView();
      });
      item.append(link);
      list.append(item);
    }
    summary.hidden = false;
    document.title = `Error: ${title}`;
    summary.focus();
  }

  function serverProblems(errors) {
    // {field: message} from Mentor Hub's receiver, or [{field, message}] from form services.
    const pairs = Array.isArray(errors) ? errors.map((e) => [e.field, e.message]) : Object.entries(errors || {});
    return pairs
      .map(([field, message]) => ({ group: groups.find((g) => g.dataset.field === field), message }))
      .filter((p) => p.group);
  }

  // --- sending --------------------------------------------------------------------------

  async function send() {
    sending = true;
    button.disabled = true;
    sendError.hidden = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        sessionStorage.removeItem(DRAFT_KEY);
        if (data.id) thanks.searchParams.set("ref", data.id);
        window.location.assign(thanks.href);
        return;
      }
      const problems = serverProblems(data.errors);
      if (problems.length) {
        showErrors(problems);
        return;
      }
      throw new Error(`receiver answered ${response.status}`);
    } catch {
      sendError.hidden = false;
      sendError.scrollIntoView({ block: "center" });
    } finally {
      sending = false;
      button.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    const problems = groups.map((group) => ({ group, message: problemFor(group) })).filter((p) => p.message);
    if (problems.length) {
      event.preventDefault();
      showErrors(problems);
      return;
    }
    clearErrors();
    saveDraft();
    if (!sendsItself) return; // Google Forms and e-mail: the browser submits the form itself
    event.preventDefault();
    if (!sending) send();
  });
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", (event) => {
    if (event.target.name === "age_band") updateForAge();
    saveDraft();
  });

  restoreDraft();
  preselectMentor();
  if (!form.elements.submission_id.value) form.elements.submission_id.value = newSubmissionId();
  updateForAge();
  saveDraft();

  if (form.dataset.receiver) {
    fetch(`${form.dataset.receiver.replace(/\/$/, "")}/health`, { mode: "no-cors", cache: "no-store" })
      .catch(() => { document.getElementById("mh-receiver-down").hidden = false; });
  }
}
