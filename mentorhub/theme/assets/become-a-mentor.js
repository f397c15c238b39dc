// The mentor application, enhanced with a submission id, so a double click or a resend reaches
// the inbox as one application, and long lists of topics and languages cut to the ones the
// programme's mentors offer most, with "Show all" and a search box (option-list.js, as on the
// request form). The form posts itself to the inbox, which checks the answers and shows its own
// error and thank-you pages; without JavaScript it works the same, every option listed, minus the id.

import { enhanceOptionLists } from "./option-list.js";
import { newSubmissionId } from "./submission-id.js";

const form = document.getElementById("mh-application");
if (form) {
  enhanceOptionLists(form);
  if (!form.elements.submission_id.value) form.elements.submission_id.value = newSubmissionId();
}
