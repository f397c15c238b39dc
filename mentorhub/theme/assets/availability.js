// Live availability from the programme's request inbox, so a mentor who filled up since the
// site was built shows as full at once, and one who freed a place can be asked again. The page
// names the inbox in data-availability-url; without it, or when the inbox cannot be reached,
// the built page stands as it is.

import { fetchLive } from "./live.js";
import { format, plural } from "./strings.js";

const host = document.querySelector("[data-availability-url]");
if (host) refresh(host);

// What an accepting mentor offers: MentorStatus.words in mentorhub/content/mentor_state.py.
function accepting(labels, free, sessions) {
  if (!free) return labels.sessions_only;
  const places = plural(labels.places_free, free);
  return format(labels.status_places, { status: labels.accepting, places }) + (sessions ? labels.and_sessions : "");
}

async function refresh(host) {
  const mentors = await fetchLive(host.dataset.availabilityUrl);
  if (!mentors) return;
  const labels = JSON.parse(host.dataset.availabilityLabels);
  apply(mentors, labels, document);
  // Cards the directory brings in later (from its other pages) get the same live state.
  document.addEventListener("mh:cards", (event) => {
    for (const card of event.detail) apply(mentors, labels, card);
  });
  document.dispatchEvent(new CustomEvent("mh:availability", { detail: mentors }));
}

function apply(mentors, labels, root) {
  const within = (selector) => [...(root.matches?.(selector) ? [root] : []), ...root.querySelectorAll(selector)];
  for (const [id, live] of Object.entries(mentors)) {
    const key = CSS.escape(id);
    const state = live.state;
    for (const card of within(`.mh-card[data-id="${key}"]`)) {
      if (card.dataset.availability === state) continue;
      card.classList.replace(`mh-card--${card.dataset.availability}`, `mh-card--${state}`);
      card.dataset.availability = state;
    }
    for (const status of within(`[data-status-for="${key}"]`)) {
      const built = status.className.match(/mh-status--(\w+)/)?.[1];
      // Paused and stale texts carry dates the built page knows best; only a change of state rewrites them.
      if (built === state && state !== "accepting") continue;
      status.className = `mh-status mh-status--${state}`;
      status.textContent = state === "accepting" ? accepting(labels, live.free_places, status.hasAttribute("data-sessions")) : labels[state];
    }
    // The profile's Request button and its "why not" box: exactly one of them shows.
    for (const block of within(`[data-live-for="${key}"]`)) {
      block.hidden = block.dataset.whenLive !== state;
    }
  }
}
