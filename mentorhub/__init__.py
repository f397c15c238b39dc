"""Mentor Hub: a mentorship programme's content repository, built into a static site.

`mentorhub.content` is the content model; `mentorhub.site` builds pages from it;
`mentorhub.adapters` connects both to MkDocs and the command line; `mentorhub.inbox` receives
requests. The version is the installed distribution's (pyproject.toml holds the one number).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mentorhub")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
