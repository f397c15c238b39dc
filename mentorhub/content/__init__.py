"""The content model: a programme's files read, checked and described, with their URLs.

Imports nothing from `mentorhub.site` or `mentorhub.adapters`, nor MkDocs or Jinja: the site
build and the request inbox both stand on it.
"""
