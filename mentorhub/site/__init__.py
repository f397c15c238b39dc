"""A catalog turned into a site, renderer-neutral: pages (Markdown body, template, data) and
data files. Stands on `mentorhub.content`; knows nothing of MkDocs (`mentorhub.adapters`)."""
