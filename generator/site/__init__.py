"""A catalog turned into a site, renderer-neutral: pages (Markdown body, template, data) and
data files. Stands on `generator.content`; knows nothing of MkDocs (`generator.adapters`)."""
