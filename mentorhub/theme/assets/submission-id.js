// One id per submission, so a double click or a resend reaches the inbox as one request or one
// response (the inbox keeps the first and answers repeats as it did the first time).
// crypto.randomUUID needs https; getRandomValues works on any page.
export function newSubmissionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
