// Story tag filter: one tag at a time, kept in the URL (?tag=) so a filtered list can be shared.
import { plural, strings } from "./strings.js";

// The page's words (theme/stories.html, in its language); English when a page gives none.
const WORDS = {
  count: { one: "%(num)s story", other: "%(num)s stories" },
  tagged: { one: "%(num)s story tagged “%(tag)s”", other: "%(num)s stories tagged “%(tag)s”" },
  ...strings("stories"),
};
const filter = document.getElementById("mh-tag-filter");
if (filter) startTagFilter(filter);

function startTagFilter(filter) {
  const stories = [...document.querySelectorAll("#mh-stories > li")];
  const buttons = [...filter.querySelectorAll("button[data-tag]")];
  const count = document.getElementById("mh-story-count");

  function show(tag) {
    let shown = 0;
    for (const story of stories) {
      story.hidden = Boolean(tag) && !story.dataset.tags.split(" ").includes(tag);
      if (!story.hidden) shown += 1;
    }
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.tag === tag));
    const label = buttons.find((b) => b.dataset.tag === tag)?.textContent; // the tag's label, never its id
    count.textContent = tag ? plural(WORDS.tagged, shown, { tag: label }) : plural(WORDS.count, shown);
  }

  function fromUrl() {
    const tag = new URLSearchParams(window.location.search).get("tag") || "";
    show(buttons.some((b) => b.dataset.tag === tag) ? tag : "");
  }

  for (const button of buttons) {
    button.addEventListener("click", () => {
      const url = new URL(window.location.href);
      if (button.dataset.tag) url.searchParams.set("tag", button.dataset.tag);
      else url.searchParams.delete("tag");
      window.history.pushState(null, "", url);
      show(button.dataset.tag);
    });
  }
  window.addEventListener("popstate", fromUrl);
  filter.hidden = false;
  fromUrl();
}
