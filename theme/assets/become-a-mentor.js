// The mentor application, enhanced only with a submission id, so a double click or a resend reaches
// the inbox as one application. The form posts itself to the inbox, which checks the answers and
// shows its own error and thank-you pages; without JavaScript it works the same, minus the id.

import { newSubmissionId } from "./submission-id.js";

const form = document.getElementById("mh-application");
if (form && !form.elements.submission_id.value) form.elements.submission_id.value = newSubmissionId();
