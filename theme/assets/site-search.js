// Starts Pagefind's UI on the search page and runs the query from ?q= (the header form).
const root = document.getElementById("mh-site-search");

if (root && window.PagefindUI) {
  const ui = new window.PagefindUI({
    element: root,
    bundlePath: root.dataset.bundle,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
  });
  const query = new URLSearchParams(window.location.search).get("q");
  const input = root.querySelector("input");
  if (query) ui.triggerSearch(query);
  input?.focus();
  // Keep ?q= in step with what is typed, so a results page can be shared or bookmarked.
  input?.addEventListener("input", () => {
    const url = new URL(window.location.href);
    if (input.value) url.searchParams.set("q", input.value);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  });
}
