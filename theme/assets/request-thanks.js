// Shows the reference the receiver gave the request, passed on by request.js as ?ref=.
const ref = new URLSearchParams(window.location.search).get("ref");
const box = document.getElementById("mh-request-reference");
if (box && ref && /^[\w-]{1,64}$/.test(ref)) {
  box.querySelector("strong").textContent = ref;
  box.hidden = false;
}
