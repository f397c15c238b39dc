// Live availability from the programme's request inbox, so a mentor who filled up since the
// site was built shows as full at once. The page names the inbox in data-availability-url;
// without it, or when the inbox cannot be reached, the built page stands as it is.

const host = document.querySelector("[data-availability-url]");
if (host) refresh(host);

async function refresh(host) {
  let data;
  try {
    const response = await fetch(host.dataset.availabilityUrl, { cache: "no-cache" });
    if (!response.ok) return;
    data = await response.json();
  } catch {
    return;
  }
  const labels = JSON.parse(host.dataset.availabilityLabels);
  for (const [id, live] of Object.entries(data.mentors || {})) {
    const state = !live.accepting ? "paused" : live.free_places > 0 ? "accepting" : "full";
    const places = `${live.free_places} ${live.free_places === 1 ? "place" : "places"} free`;
    for (const status of document.querySelectorAll(`[data-status-for="${CSS.escape(id)}"]`)) {
      status.className = `mh-status mh-status--${state}`;
      status.textContent = state === "accepting" ? `${labels.accepting}: ${places}` : labels[state];
    }
    for (const card of document.querySelectorAll(`.mh-card[data-id="${CSS.escape(id)}"]`)) {
      card.classList.replace(`mh-card--${card.dataset.availability}`, `mh-card--${state}`);
      card.dataset.availability = state;
    }
    // A mentor who filled up loses the request button; one who freed a place gets it at the next build.
    for (const button of document.querySelectorAll(`[data-request-for="${CSS.escape(id)}"]`)) {
      if (state !== "accepting") button.hidden = true;
    }
  }
  document.dispatchEvent(new CustomEvent("mh:availability"));
}
