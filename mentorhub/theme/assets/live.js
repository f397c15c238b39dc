// The inbox's live availability (GET {inbox}/availability.json), shared by the pages that show
// mentors. A mentor's state is the inbox's "state" (accepting, full, paused, stale:
// mentorhub/content/mentor_state.py); an older inbox sends only free places, which moves a mentor
// between accepting and full and never to paused.

export function liveState(live) {
  if (typeof live.state === "string") return live.state;
  return live.free_places > 0 ? "accepting" : "full";
}

// {id: {state, free_places}}, or null when the inbox cannot be reached.
export async function fetchLive(url) {
  try {
    const response = await fetch(url, { cache: "no-cache" });
    if (!response.ok) return null;
    const data = await response.json();
    return Object.fromEntries(
      Object.entries(data.mentors || {}).map(([id, live]) => [id, { state: liveState(live), free_places: live.free_places }]),
    );
  } catch {
    return null;
  }
}
