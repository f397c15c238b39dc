"""The "Become a mentor" page (`/become-a-mentor/`): the application form, posted to the inbox.

The questions are `content.application_form`' (the Mentor model's fields an applicant gives, as the
programme's `profiles:` require them, and the private ones apart), so the page and the inbox's
form shown again ask the same. Without the inbox (`requests.delivery` other than `inbox`) the page
says how to apply through the programme office instead.
"""

from __future__ import annotations

from functools import partial

from ...content.application_form import APPLICATIONS_PATH, application_fields
from ...content.catalog import Catalog
from ...content.kinds import PAGES
from .base import GeneratedPage, wide


def generate_application_page(catalog: Catalog) -> GeneratedPage:
    options = catalog.programme.requests
    # the form's own words in the site's language (the `forms` catalogue)
    form = application_fields(catalog.vocabularies, catalog.programme.profiles, catalog.public_mentors,
                              lang=catalog.site.language)
    data = {"application": {
        "action": f"{str(options.url).rstrip('/')}{APPLICATIONS_PATH}" if options.delivery == "inbox" else None,
        "public": form.public, "private": form.private,
        "safeguarding_contact": catalog.programme.safeguarding_contact,
    }, "hide": wide()}
    return GeneratedPage(PAGES["become_a_mentor"], catalog.site.language.gettext("Become a mentor"), "become-a-mentor.html",
                         resolve=partial(dict, data))
