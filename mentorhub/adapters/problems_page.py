"""The page `mkdocs serve` shows while the content has problems, instead of a hanging browser.

MkDocs' live-reload server holds every request while a rebuild is failing ("the server will
appear stuck until build errors are resolved"), so the plugin lets a build with content
problems succeed under `serve` with this one page as the whole site: its index, and its 404
page, which the server answers for every other address. The page lists the problems as the
terminal does and reloads itself when the next build finishes: MkDocs adds its reload script
only to the HTML files it serves, not to the 404 answer, so the page carries its own, which
asks the same `/livereload/` endpoint.
"""

from __future__ import annotations

from html import escape

from ..content.errors import ContentError

# First ask for the current build's number (epoch 0 answers at once), then wait for a newer one.
RELOAD_SCRIPT = """\
(async () => {
  const request = Math.floor(Math.random() * 1e9);
  let epoch = 0;
  for (;;) {
    try {
      const answer = Number(await (await fetch(`/livereload/${epoch}/${request}`)).text());
      if (epoch && answer > epoch) { location.reload(); return; }
      epoch = answer;
    } catch {
      await new Promise((wait) => setTimeout(wait, 3000));
    }
  }
})();"""


def problems_page(error: ContentError, site_name: str) -> str:
    """A standalone HTML page (no theme: the theme may be what is broken) listing every problem."""
    count = len(error.problems)
    items = "\n".join(f"  <li><code>{escape(str(problem))}</code></li>" for problem in error.problems)
    noun = "problem" if count == 1 else "problems"
    name = escape(site_name or "The site")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>The site could not be built - {name}</title>
<style>
  body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b; }}
  h1 {{ color: #b00020; }}
  li {{ margin: 0.4rem 0; }}
  code {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<h1>The site could not be built</h1>
<p>{count} {noun} in the content. Each line reads <strong>file:line: field: what is wrong</strong>.</p>
<ul>
{items}
</ul>
<p>Fix the files and save: this page reloads by itself when the site builds again.</p>
<script>
{RELOAD_SCRIPT}
</script>
</body>
</html>
"""
