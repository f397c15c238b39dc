"""The request form's pages: the form, its thank-you page and "You cannot use this service"."""

from __future__ import annotations

from functools import partial

from ...content.catalog import Catalog
from ...content.kinds import PAGES
from ...content.request_form import INBOX_THANKS_PATH, RequestOptions, form_choices, form_fields
from ...content.requests import (AGE_BANDS, CANNOT_USE, KEPT_FOR_FULL, KEPT_FOR_FULL_ALONE, MENTOR_JUST_FILLED,
                                 YOUTH_CHOICE_CLEARED, YOUTH_ONLY)
from .base import GeneratedPage, live_source, wide


def generate_request_pages(catalog: Catalog) -> list[GeneratedPage]:
    """The request form, its thank-you page and, when the programme has a minimum age, the
    "You cannot use this service" page, when the programme configured a delivery."""
    options = catalog.programme.requests
    if options.delivery is None:
        return []
    vocab = catalog.vocabularies
    lang = catalog.site.language  # the forms' words in the site's language (the `forms` catalogue)
    t = lang.gettext
    choices = form_choices(catalog.public_mentors, {term.id: term.label for term in vocab.expertise.terms.values()},
                           vocab.languages, lang=lang)
    mentors = choices["mentor"][1:]
    refused = [band for band in AGE_BANDS if not options.accepts_age(band)]
    form = {
        "fields": form_fields(options, choices, lang),
        "language": lang.code,  # posted with the form (inbox delivery), so the receiver answers in it
        "delivery": options.delivery,
        **_delivery_target(options),
        "receiver": options.url if options.delivery == "inbox" else None,
        # Without JavaScript the inbox's own thank-you page is the one that can show the reference.
        "next": f"{str(options.url).rstrip('/')}{INBOX_THANKS_PATH}" if options.delivery == "inbox" else None,
        "privacy_version": catalog.privacy_version,
        "privacy_url": catalog.site.url_of(options.privacy_notice),
        "guardian_bands": [band for band in AGE_BANDS if options.needs_guardian(band)],
        "refused_bands": refused,
        "minimum_age": options.minimum_age,
        "guardian_under": options.guardian_consent_under,
        "messages": {"youth-only": t(YOUTH_ONLY), "youth-cleared": t(YOUTH_CHOICE_CLEARED), "full": t(MENTOR_JUST_FILLED)},
    }
    cannot_use = {"minimum_age": options.minimum_age, "safeguarding_contact": catalog.programme.safeguarding_contact,
                  "hide": wide()}
    data = {"form": form, "mentors": mentors, "hide": wide(), **live_source(catalog),
            **({"cannot_use": cannot_use} if refused else {})}
    thanks = {"reply_days": options.reply_days, "guardian_under": options.guardian_consent_under,
              "messages": {"full": t(KEPT_FOR_FULL), "full-alone": t(KEPT_FOR_FULL_ALONE)},
              # without JavaScript, only a plain post to another receiver ends here (the inbox has its own page)
              "plain_posts_land_here": options.delivery == "http",
              "hide": wide()}
    pages = [GeneratedPage(PAGES["request"], lang.gettext("Request a mentor"), "request.html", in_nav=True,
                           resolve=partial(dict, data)),
             GeneratedPage(PAGES["request_thanks"], lang.gettext("Request sent"), "request-thanks.html",
                           resolve=partial(dict, thanks))]
    if refused:
        pages.append(GeneratedPage(PAGES["request_cannot_use"], t(CANNOT_USE), "request-cannot-use.html",
                                   resolve=partial(dict, cannot_use)))
    return pages


def _delivery_target(options: RequestOptions) -> dict[str, str]:
    """Where and how the plain HTML form sends itself, by delivery."""
    if options.delivery == "inbox":
        return {"action": f"{str(options.url).rstrip('/')}/requests", "method": "post",
                "enctype": "application/x-www-form-urlencoded"}
    if options.delivery == "email":
        return {"action": f"mailto:{options.email}?subject=Mentor%20request", "method": "post",
                "enctype": "text/plain"}
    method = "get" if options.delivery == "google-form" else "post"
    return {"action": str(options.url), "method": method, "enctype": "application/x-www-form-urlencoded"}
