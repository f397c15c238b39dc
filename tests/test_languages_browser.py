"""Issue 21: the request form's inline errors, shown by request.js in a browser, in Spanish: the
error summary, each field's message (the same words the receiver would answer with), the hidden
"Error:" prefix a screen reader reads and the page's title; the match page's error, status and
reasons (match.js and scorer.js, from the page's words and the scorer's data); a module's quiz
and the training page's progress (module.js, training.js, progress.js); and the events index's
and event pages' script and the story filter's count; the thank-you page's titles
(request-thanks.js), the survey code's hints (survey.js) and the search page's status (site-search.js)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, Page, expect

from browser import serve
from mentorhub.content.languages import LOCALE_DIR, language
from mentorhub.content.requests import EMAIL_FORMAT, field_meta


@pytest.fixture(scope="module")
def spanish_site(demo_in: Callable[[str], Path]) -> Iterator[str]:
    with serve(demo_in("es")) as url:
        yield url


def _english_messages() -> set[str]:
    """Every English msgid of the forms and site catalogues (what an untranslated error would say)."""
    found: set[str] = set()
    for domain in ("forms", "site"):
        with (LOCALE_DIR / f"{domain}.pot").open("rb") as file:
            found |= {m.id for m in read_po(file) if isinstance(m.id, str) and len(m.id) > 12}
    return found


def test_the_request_forms_inline_errors_are_spanish(page: Page, spanish_site: str) -> None:
    es = language("es")
    page.goto(spanish_site + "request/")
    page.get_by_label("Tu dirección de correo electrónico").fill("rui-arroba-example")
    page.get_by_label("De 13 a 15").check()  # a minor: the guardian's questions and their errors show too
    page.get_by_role("button", name="Enviar solicitud").click()
    summary = page.locator("#mh-error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("Hay un problema")
    links = summary.locator("li a").all_inner_texts()
    expected = {es.gettext(EMAIL_FORMAT), es.gettext(str(field_meta("goals")["error"])),
                es.gettext(str(field_meta("guardian_name")["error"]))}
    assert expected <= set(links), links
    english = _english_messages()
    assert not [text for text in links if text in english], links
    # Each field repeats its summary's message, after a prefix a screen reader reads in Spanish.
    messages = page.locator(".mh-error-message").all_inner_texts()
    assert len(messages) == len(links)
    assert all(text.startswith("Error:") for text in messages), messages
    email_error = page.locator("#request-email-error")
    expect(email_error).to_contain_text(es.gettext(EMAIL_FORMAT))
    assert page.title().startswith("Error: Solicitar un mentor"), page.title()


def test_a_french_page_prefixes_its_errors_in_french(page: Page, demo_in: Callable[[str], Path]) -> None:
    """The prefix differs from English in French ("Erreur :"), so the script's words are seen to come from the page."""
    with serve(demo_in("fr")) as url:
        page.goto(url + "request/")
        page.get_by_role("button", name="Envoyer la demande").click()
        expect(page.locator("#mh-error-summary")).to_be_focused()
        first = page.locator(".mh-error-message").first
        expect(first).to_contain_text("Erreur :")
        assert page.title().startswith("Erreur : Demander un mentor"), page.title()


def test_the_match_page_asks_checks_and_explains_in_spanish(page: Page, spanish_site: str) -> None:
    """match.js's error, status line and the scorer's reasons come in the page's language."""
    page.goto(spanish_site + "match/")
    page.get_by_role("button", name="Sugerir mentores").click()
    expect(page.locator("#mh-minor-error")).to_contain_text("Selecciona sí si tienes menos de 18 años")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Tu zona horaria").fill("Europe/Madrid")
    page.get_by_role("button", name="Sugerir mentores").click()
    expect(page.locator("#mh-match-status")).to_have_text("5 mentores sugeridos, la mejor coincidencia primero.")
    first = page.locator(".mh-suggestion").first
    expect(first.locator(".mh-reasons")).to_have_attribute("aria-label", re.compile(r"^Por qué te sugerimos a "))
    reasons = first.locator(".mh-reasons li").all_inner_texts()
    assert any(re.fullmatch(r"\d+ plazas? libres?", reason) for reason in reasons), reasons
    assert any("local" in reason or "por delante de ti" in reason or "por detrás de ti" in reason
               for reason in reasons), reasons
    english = _english_messages()
    assert not [reason for reason in reasons if reason in english or "free" in reason or " you" in reason], reasons


def test_a_modules_quiz_and_progress_speak_spanish(page: Page, spanish_site: str) -> None:
    """module.js and training.js: quiz feedback, the completion hint with its date, statuses and
    the time left, in the page's words (written dates as Babel writes them in Spanish)."""
    module = "mentor-role-and-boundaries"
    page.goto(spanish_site + f"training/{module}/")
    expect(page.locator(".mh-module [data-status-for-module]").first).to_have_text("· En curso")
    questions = page.locator(".mh-question")
    for index in range(questions.count()):
        question = questions.nth(index)
        options = question.locator(".mh-option")
        for number in range(options.count()):
            option = options.nth(number)
            option.locator("input").set_checked(option.get_attribute("data-correct") == "true")
        question.get_by_role("button", name="Comprobar respuesta").click()
        expect(question.locator(".mh-question__result")).to_have_text("Correcto.")
    page.get_by_role("button", name="Marcar como completado").click()
    spanish_date = r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo), [1-9]\d? de [a-z]+ de \d{4}"
    expect(page.locator("#mh-complete-hint")).to_have_text(re.compile(rf"^Completado ✓ el {spanish_date}$"))
    page.goto(spanish_site + "training/")
    expect(page.locator(f'[data-status-for-module="{module}"]')).to_have_text("Completado")
    expect(page.locator("#mh-progress-summary")).to_have_text(
        re.compile(r"^1 de \d+ módulos completados · quedan \d+ horas?( \d+ minutos?)?$"))
    expect(page.locator("[data-record-date]")).to_have_text(re.compile(rf"^{spanish_date}$"))


def test_the_events_scripts_words_and_times_are_spanish(browser: Browser, spanish_site: str) -> None:
    """events.js counts, says the lists are empty and writes times from the page's words: a series
    moved on to its next meeting, and the visitor's own time with the zone's CLDR city."""
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2027, 3, 7, 12, tzinfo=dt.timezone.utc))
    page.goto(spanish_site + "events/?format=hybrid&audience=coordinators")
    expect(page.get_by_role("checkbox", name="Personas coordinadoras")).to_be_checked()
    expect(page.locator("#mh-event-count")).to_have_text("2 de 12 eventos coinciden.")
    expect(page.locator("#mh-past-empty")).to_be_hidden()
    page.get_by_role("checkbox", name="Híbrido").uncheck()
    page.get_by_role("checkbox", name="En línea").check()
    expect(page.locator("#mh-upcoming-empty")).to_have_text("Ningún evento próximo coincide con estos filtros.")
    page.get_by_role("button", name="Quitar todos los filtros").click()
    expect(page.locator("#mh-event-count")).to_have_text("12 eventos.")
    expect(page.locator('li[data-id="monthly-mentor-circle"] time')).to_have_text(
        "martes, 6 de abril de 2027, 19:00–20:00 BST (hora de Londres)")
    page.goto(spanish_site + "events/cv-clinic-mexico-city-2027/")
    expect(page.locator("time[data-when]")).to_have_text(
        "sábado, 13 de marzo de 2027, 10:00–13:00 CST (hora de Ciudad de México)")
    # A zone other than the event's is named from the page's list of CLDR cities (London is Londres).
    expect(page.locator("[data-visitor-time]")).to_have_text(
        "Tu hora: sábado, 13 de marzo de 2027, 16:00–19:00 GMT (hora de Londres)")
    context.close()


def test_the_story_filters_count_is_spanish(page: Page, spanish_site: str) -> None:
    page.goto(spanish_site + "stories/")
    page.get_by_role("button", name="Career change", exact=True).click()  # a tag's label is content, as written
    shown = page.locator("#mh-stories > li:not([hidden])").count()
    expect(page.locator("#mh-story-count")).to_have_text(
        f"{shown} historia{'s' if shown != 1 else ''} con la etiqueta «Career change»")
    page.get_by_role("button", name="Todas", exact=True).click()
    expect(page.locator("#mh-story-count")).to_have_text("7 historias")


def test_the_thank_you_page_retitles_itself_in_spanish(page: Page, spanish_site: str) -> None:
    """request-thanks.js: with nothing sent it says so; after a post whose mentor had just filled up
    (the inbox's redirect) the heading, the tab's title and the kept-request message are Spanish."""
    page.goto(spanish_site + "request/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No se ha enviado ninguna solicitud")
    assert page.title().startswith("No se ha enviado ninguna solicitud"), page.title()
    page.goto(spanish_site + "request/thanks/?ref=R-2026-0042&mentor_full=rafael-costa")
    expect(page.get_by_role("heading", level=1)).to_have_text("Solicitud recibida")
    assert page.title().startswith("Solicitud recibida"), page.title()
    expect(page.locator("#mh-request-reference")).to_have_text("Tu referencia: R-2026-0042")
    expect(page.locator("#mh-request-mentor")).to_contain_text("Has pedido a Rafael")
    expect(page.locator("#mh-request-full p")).to_contain_text("Hemos guardado tu solicitud")


def test_the_surveys_code_from_the_link_is_explained_in_spanish(page: Page, spanish_site: str) -> None:
    """survey.js: the hint under a code filled in from the link, and the typed code's hint it puts back."""
    page.goto(spanish_site + "surveys/mentee-check-in/#token=7KQF-2M9X-PD3A-W8RT")
    hint = page.locator("#survey-token-hint")
    expect(hint).to_have_text("Rellenado a partir del enlace del correo que te invitó.")
    page.get_by_role("button", name="Escribir otro código").click()
    expect(hint).to_have_text("Está en el correo electrónico que te invitó, como 7KQF-2M9X-PD3A-W8RT")
    expect(page.get_by_label("Tu código de la encuesta")).to_be_editable()
    errors = page.locator(".mh-form-group[data-error]").evaluate_all("groups => groups.map(g => g.dataset.error)")
    assert errors and all(not text.startswith(("Choose", "Answer", "Enter")) for text in errors), errors


def test_the_search_pages_status_and_types_are_spanish(page: Page, spanish_site: str) -> None:
    """site-search.js: the count of results and the result types, from the page's words and the index."""
    page.goto(spanish_site + "search/?q=mentoring")
    status = page.locator("#mh-site-search-status")
    expect(status).to_have_text(re.compile(r"^\d+ resultados? para mentoring$"))
    types = page.locator(".mh-site-search__type").all_inner_texts()
    assert types and not {"Mentor", "Page", "Story", "Event", "Training module"} & set(types) - {"Mentor"}, types
    page.goto(spanish_site + "search/?q=zzzxqj")
    expect(status).to_have_text("No hay resultados para zzzxqj")
