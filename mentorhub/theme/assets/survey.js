// A survey page, enhanced. The survey code from the invitation link (#token=, in the fragment so
// that it never reaches the web server's logs or another site's Referer; ?token= is read too) is filled in and
// shown read-only (a read-only field is still sent; "Type a different code" makes it editable
// again); without JavaScript the code is typed from the e-mail. Each response gets a submission
// id, so a double click or a resend is one response. The form posts itself to the inbox, which
// checks the answers and shows its own error and thank-you pages.

import { strings } from "./strings.js";
import { newSubmissionId } from "./submission-id.js";

const words = strings("survey");  // in the page's language (survey.html)

const form = document.getElementById("mh-survey");
if (form) startSurvey(form);

function startSurvey(form) {
  if (!form.elements.submission_id.value) form.elements.submission_id.value = newSubmissionId();
  const code = form.elements.token;
  const fromLink = (new URLSearchParams(window.location.hash.slice(1)).get("token")
    || new URLSearchParams(window.location.search).get("token") || "").trim();
  if (!code || !fromLink) return;
  const change = document.getElementById("mh-survey-code-change");
  const hint = document.getElementById(`${code.id}-hint`);
  const typedHint = hint ? hint.textContent : "";
  code.value = fromLink;
  code.readOnly = true;
  if (hint) hint.textContent = words["from-link"];
  if (!change) return;
  change.hidden = false;
  change.querySelector("button").addEventListener("click", () => {
    code.readOnly = false;
    if (hint) hint.textContent = typedHint;
    change.hidden = true;
    code.select();
    code.focus();
  });
}
