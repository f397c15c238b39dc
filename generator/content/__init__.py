"""The content model: a programme's files read, checked and described, with their URLs.

Imports nothing from `generator.site` or `generator.adapters`, nor MkDocs or Jinja: the site
build and the request inbox both stand on it.
"""
