// The request form, enhanced: GOV.UK-style validation (an error summary that links to each
// field, the message repeated at the field, focus on the summary), guardian questions only
// for minors, mentors limited to those cleared for minors, "You cannot use this service" in
// place of the form under the minimum age, mentors who filled up since the build marked from
// the inbox's live availability, a draft kept in sessionStorage until the request is
// delivered, and one submission id per request so a double click or a retry never makes two.
// The rules and messages come from the page (data-* attributes), which the receiver's checks
// share. What the receiver answered goes to the thank-you page (request-thanks.js).

import { fetchLive } from "./live.js";
import { enhanceOptionLists } from "./option-list.js";
import { newSubmissionId } from "./submission-id.js";
import { format, strings } from "./strings.js";

// The page's words (theme/request.html, in its language); English when a page gives none.
// The page's words, in its language (theme/request.html); `states`: the availability labels.
const WORDS = strings("request");

const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;
const DRAFT_KEY = "mentorhub:request-draft:v1";
const SENT_KEY = "mentorhub:request-sent:v1";

const form = document.getElementById("mh-request");
if (form) startRequestForm(form);

function startRequestForm(form) {
  enhanceOptionLists(form); // a long list of topics: the most used first, and a search box
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
  // By id: with google-form delivery the fields are named entry.NNN.
  const ageBand = () => form.querySelector("#request-age_band-group input:checked")?.value || "";
  const isMinor = () => guardianBands.has(ageBand());
  const mentorSelect = document.getElementById("request-mentor");
  const mentorGroup = mentorSelect?.closest(".mh-form-group");
  const ageGroup = document.getElementById("request-age_band-group");
  const cannotUse = document.getElementById("mh-cannot-use");
  const intro = document.getElementById("mh-request-intro");
  const message = (kind, name) => (form.dataset[kind] || "").replace("{name}", name);
  const nameOf = (option) => option.dataset.name || option.textContent.trim();
  const barredForMinors = (option, minor) => minor && option.value !== "" && !("youthCleared" in option.dataset);
  // The note at the mentor field: why the list is shorter, or why the choice changed.
  const mentorNote = document.createElement("div");
  mentorNote.className = "mh-inset mh-mentor-note";
  mentorNote.id = "request-mentor-note";
  mentorNote.setAttribute("role", "status");
  const notes = { missing: "", youth: "", changed: "", full: "" };
  if (mentorSelect) {
    mentorSelect.before(mentorNote);
    mentorSelect.setAttribute("aria-describedby", [mentorSelect.getAttribute("aria-describedby"), mentorNote.id]
      .filter(Boolean).join(" "));
    for (const option of mentorSelect.options) option.dataset.name = option.textContent.trim();
  }

  // (Once the mentor field shows its error, the error says what the "full" note said.)
  function showNotes() {
    const erred = mentorGroup?.classList.contains("mh-form-group--error");
    const lines = Object.entries(notes).filter(([kind, text]) => text && !(erred && kind === "full"));
    mentorNote.replaceChildren(...lines.map(([, text]) => {
      const line = document.createElement("p");
      line.textContent = text;
      return line;
    }));
  }

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

  // Under the minimum age: the GOV.UK "You cannot use this service" content instead of the
  // rest of the form (nothing else is asked); another answer brings the form back.
  function showCannotUse(on) {
    if (!cannotUse || cannotUse.hidden === !on) return;
    cannotUse.hidden = !on;
    for (const element of [intro, ...form.children]) {
      if (!element || element === ageGroup || element === cannotUse || element.type === "hidden") continue;
      if (on && !element.hidden) {
        element.hidden = true;
        element.dataset.hiddenForAge = "";
      } else if (!on && "hiddenForAge" in element.dataset) {
        element.hidden = false;
        delete element.dataset.hiddenForAge;
      }
    }
    if (on) clearErrors();
  }

  // "Your town or area" is for meeting in person: a mentee who wants to meet online is not asked
  // it, and a town typed before choosing "Online" is not sent (a disabled field is left out).
  const locationGroup = document.getElementById("request-location-group");
  function updateForFormat() {
    if (!locationGroup) return;
    const online = value("format") === "virtual";
    locationGroup.hidden = online;
    for (const input of locationGroup.querySelectorAll("input, textarea")) input.disabled = online;
  }

  function updateForAge() {
    const refused = refusedBands.has(ageBand()) && Boolean(cannotUse);
    showCannotUse(refused);
    if (refused) return;
    const minor = isMinor();
    for (const group of groups.filter((g) => "minorsOnly" in g.dataset)) {
      group.hidden = !minor;
      group.querySelector(".mh-label .mh-hint")?.remove(); // "(only if under 18)" is for the no-script page
    }
    if (mentorSelect) updateMentors(minor);
  }

  // Minors see only youth-cleared mentors; a mentor the inbox says cannot take a request
  // stays in the list, marked and not selectable. A choice a minor cannot make goes back to
  // "Help me choose", and the note says so.
  function updateMentors(minor) {
    const chosen = mentorSelect.selectedOptions[0];
    if (chosen && barredForMinors(chosen, minor)) {
      mentorSelect.value = "";
      notes.changed = message("messageYouthCleared", nameOf(chosen));
    } else if (!minor) {
      notes.changed = "";
    }
    for (const option of mentorSelect.options) {
      const barred = barredForMinors(option, minor);
      option.hidden = barred;
      option.disabled = barred || "unavailable" in option.dataset;
    }
    notes.youth = minor ? form.dataset.messageYouthOnly : "";
    const selected = mentorSelect.selectedOptions[0];
    notes.full = selected && "unavailable" in selected.dataset ? unavailableMessage(selected) : "";
    showNotes();
  }

  function unavailableMessage(option) {
    return option.dataset.unavailable === "full" ? message("messageFull", nameOf(option))
      : (mentorGroup.dataset.errorUnavailable || "").replace("{name}", nameOf(option));
  }

  // The inbox's live availability: a mentor who filled up (or paused) since the build.
  async function applyAvailability() {
    if (!form.dataset.availabilityUrl || !mentorSelect) return;
    const live = await fetchLive(form.dataset.availabilityUrl);
    if (!live) return; // cannot be fetched: the built list stands
    for (const option of mentorSelect.options) {
      const state = option.value && live[option.value]?.state;
      if (!state || state === "accepting") continue;
      option.dataset.unavailable = state;
      const label = WORDS.states[state] || state; // "Full": "Ana Pereira — full", in a sentence's case
      option.textContent = `${nameOf(option)} — ${label.toLocaleLowerCase(document.documentElement.lang || "en")}`;
    }
    if (!refusedBands.has(ageBand())) updateMentors(isMinor());
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
    notes.missing = WORDS.missing;
    showNotes();
  }

  // The chosen mentor in brief under the list (name linked to the profile, headline, how and
  // where they meet), so the mentee sees whom they are asking for; from the site's mentors.json.
  // The ways of meeting are written as the form's own question writes them.
  let mentorsData = null;
  const chosenBox = document.createElement("div");
  chosenBox.className = "mh-chosen-mentor";
  chosenBox.id = "request-mentor-summary";
  chosenBox.hidden = true;
  mentorSelect?.after(chosenBox);
  async function showChosenMentor() {
    const id = mentorSelect?.value || "";
    if (!id || !form.dataset.mentorsJson) {
      chosenBox.hidden = true;
      return;
    }
    try {
      mentorsData ||= fetch(new URL(form.dataset.mentorsJson, window.location.href)).then((r) => r.json());
      const mentor = ((await mentorsData).mentors || []).find((m) => m.id === id);
      if (!mentor || mentorSelect.value !== id) return;
      const formatWord = (value) => {
        const input = form.querySelector(`#request-format-group input[value="${CSS.escape(value)}"]`);
        return input ? form.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent.trim() : value;
      };
      const place = [mentor.location?.city, mentor.location?.region].filter(Boolean).join(", ");
      const line = (text) => Object.assign(document.createElement("p"), { textContent: text });
      const link = Object.assign(document.createElement("a"), {
        href: new URL(`${id}/`, new URL(form.dataset.mentors, window.location.href)).href, textContent: mentor.name });
      const title = document.createElement("p");
      title.append(link, mentor.pronouns ? ` (${mentor.pronouns})` : "");
      const meets = (mentor.formats || []).map(formatWord).join(" or ");
      chosenBox.replaceChildren(title, ...(mentor.headline ? [line(mentor.headline)] : []),
        ...(meets || place ? [line([meets && `Meets: ${meets}`, place].filter(Boolean).join(" · "))] : []));
      chosenBox.hidden = false;
    } catch {
      chosenBox.hidden = true; // the list still names the mentor
    }
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
    if (group === mentorGroup) {
      const option = mentorSelect.selectedOptions[0];
      // A disabled option is left out of the form data: never send "Help me choose" in its place.
      if (option && "unavailable" in option.dataset) return unavailableMessage(option);
      if (option && barredForMinors(option, isMinor())) {
        return group.dataset.errorYouth.replace("{name}", nameOf(option));
      }
      // A mentor who does not give the kind of mentoring asked for (requests._cross_checks).
      const kind = value("mentoring");
      if (option && kind && option.dataset.kinds && !option.dataset.kinds.split(" ").includes(kind)) {
        return (kind === "session" ? group.dataset.errorSession : group.dataset.errorLongTerm).replace("{name}", nameOf(option));
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
    if (mentorSelect) showNotes();
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
      const prefix = document.createElement("span");
      prefix.className = "mh-visually-hidden";
      prefix.textContent = WORDS.error;
      error.append(prefix, " ");
      error.append(message);
      // After the hint, legend or label; a lone check box's (consent) goes above the box, as
      // GOV.UK's, not beside it in the box's row, where it is squeezed on a phone.
      const anchor = group.querySelector(".mh-hint") || group.querySelector("legend, label");
      const row = anchor.closest(".mh-choice");
      if (row) row.before(error);
      else (anchor.closest("legend") || anchor).after(error);
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
    if (mentorSelect) showNotes();
    summary.hidden = false;
    document.title = format(WORDS.title, { title });
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
    let sent = false; // then the page is leaving: the button stays disabled, a second click sends nothing
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        sessionStorage.removeItem(DRAFT_KEY);
        rememberAnswer(data);
        sent = true;
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
      if (!sent) {
        sending = false;
        button.disabled = false;
      }
    }
  }

  // What the thank-you page shows: the reference, and when the chosen mentor had just filled
  // up, who a coordinator may suggest instead (names from the inbox, or from this list). The
  // query says the same as the inbox's redirect after a plain form post.
  function rememberAnswer(data) {
    const chosen = mentorSelect?.selectedOptions[0];
    const names = new Map([...(mentorSelect?.options || [])].map((o) => [o.value, nameOf(o)]));
    const given = new Map((data.alternative_mentors || []).map((m) => [m.id, m.name]));
    const alternatives = (data.alternatives || []).map((id) => ({ id, name: given.get(id) || names.get(id) || id }));
    const answer = { ref: data.id || "", mentor_full: Boolean(data.mentor_full), alternatives,
      mentor: chosen?.value ? { id: chosen.value, name: nameOf(chosen) } : null, answers: copyOfAnswers() };
    sessionStorage.setItem(SENT_KEY, JSON.stringify(answer));
    if (data.id) thanks.searchParams.set("ref", data.id);
    if (answer.mentor_full && answer.mentor) {
      thanks.searchParams.set("mentor_full", answer.mentor.id);
      thanks.searchParams.set("alternatives", alternatives.map((m) => m.id).join(","));
    }
  }

  // The mentee's copy of what they sent, as the form asked it: each question answered (hidden
  // ones left out, such as a guardian's details for an adult) with the words of its options.
  // It stays in this tab's sessionStorage, as the draft did, and goes when the tab is closed.
  function copyOfAnswers() {
    const questionOf = (group) => {
      const label = group.querySelector("legend, label")?.cloneNode(true);
      label?.querySelectorAll(".mh-hint, .mh-visually-hidden").forEach((part) => part.remove());
      return (label?.textContent || "").replace(/\s*\(optional\)\s*$/, "").replace(/\s+/g, " ").trim();
    };
    const labelOf = (input) => form.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent.trim() || input.value;
    const copy = [];
    for (const group of groups) {
      if (group.hidden || group.closest("[hidden]") || group.dataset.control === "consent") continue;
      let answer;
      if (group.dataset.control === "radios" || group.dataset.control === "checkboxes") {
        answer = [...group.querySelectorAll("input:checked")].map(labelOf).join(", ");
      } else if (group.dataset.control === "select") {
        answer = group.querySelector("select")?.selectedOptions[0]?.textContent.trim() || "";
      } else {
        answer = group.querySelector("input, textarea")?.value.trim() || "";
      }
      if (answer) copy.push({ question: questionOf(group), answer });
    }
    return copy;
  }

  form.addEventListener("submit", (event) => {
    if (cannotUse && !cannotUse.hidden) {
      event.preventDefault(); // under the minimum age: nothing is sent
      return;
    }
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
    if (event.target.closest("#request-age_band-group")) updateForAge();
    if (event.target.closest("#request-format-group")) updateForFormat();
    if (event.target === mentorSelect) {
      notes.missing = notes.changed = ""; // the mentee has made a choice of their own
      updateMentors(isMinor());
    }
    showChosenMentor(); // a new age band may have changed the mentor too
    saveDraft();
  });

  restoreDraft();
  preselectMentor();
  showChosenMentor();
  if (!form.elements.submission_id.value) form.elements.submission_id.value = newSubmissionId();
  updateForAge();
  updateForFormat();
  saveDraft();
  applyAvailability();

  if (form.dataset.receiver) {
    fetch(`${form.dataset.receiver.replace(/\/$/, "")}/health`, { mode: "no-cors", cache: "no-store" })
      .catch(() => { document.getElementById("mh-receiver-down").hidden = false; });
  }
}
