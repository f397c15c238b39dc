"""E-mail about a request that arrived (only when INBOX_SMTP_HOST is set).

Coordinators get a link to the request on the dashboard and nothing about the mentee; when the
programme chooses (INBOX_CONFIRM_TO_MENTEE), the mentee gets their reference, the mentor they
asked for and when to expect a reply, and none of their answers. Mail passes through servers
the programme does not control.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from sqlalchemy import select

from mentorhub.content.languages import ENGLISH, Language, language

from .capacity import mentor_name
from .db import Database
from .mentors import Directory
from .models import Coordinator, RequestRecord
from .settings import Settings

log = logging.getLogger("mentorhub.inbox.notify")


def compose(settings: Settings, subject: str, to: list[str], body: str) -> EmailMessage:
    """A plain-text message from the inbox's address (INBOX_SMTP_FROM)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(to)
    message.set_content(body)
    return message


def reach_the_office(directory: Directory, words: Language = ENGLISH) -> str:
    """How a mentee or an applicant asks about what they sent: "write to <the office's contact>"."""
    if directory.contact_href:
        return words.gettext("write to %(contact)s (%(address)s)", contact=directory.contact_text,
                             address=directory.contact_href.removeprefix("mailto:"))
    return words.gettext("reply to the programme's first e-mail")


def paragraphs(*texts: str) -> str:
    """An e-mail's body: its paragraphs, a blank line between them, ending with a new line."""
    return "\n\n".join(texts) + "\n"


class Notifier:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db

    @property
    def enabled(self) -> bool:
        return self.settings.notifications

    def recipients(self) -> list[str]:
        if self.settings.notify_to:
            return list(self.settings.notify_to)
        with self.db.read() as session:
            return list(session.scalars(select(Coordinator.email).where(Coordinator.active.is_(True))))

    def message(self, reference: str, recipients: list[str], words: Language = ENGLISH) -> EmailMessage:
        """Coordinators' notice, in the site's default language."""
        link = f"{self.settings.public_url}/dashboard/requests/{reference}"
        return compose(self.settings, words.gettext("New mentor request %(reference)s", reference=reference),
                       recipients, paragraphs(
                           words.gettext("A new mentor request has arrived."),
                           words.gettext("Open it on the dashboard (sign-in needed):") + f"\n{link}",
                           words.gettext("This e-mail leaves out the mentee's details on purpose.")))

    def new_request(self, reference: str, words: Language = ENGLISH) -> None:
        """Send the notice; a failure is logged and never affects the stored request."""
        host = self.settings.smtp_host
        if host is None:  # notifications are off
            return
        try:
            recipients = self.recipients()
            if not recipients:
                log.warning("no coordinator to notify about request %s", reference)
                return
            self._send(host, self.message(reference, recipients, words))
            log.info("notified %d coordinators about request %s", len(recipients), reference)
        except (OSError, smtplib.SMTPException) as err:
            log.warning("notification about request %s failed: %s", reference, type(err).__name__)

    def confirmation(self, reference: str, mentor_id: str, directory: Directory, to: str,
                     words: Language = ENGLISH) -> EmailMessage:
        """The mentee's copy, in the language of the page they sent the request from: enough to
        recognise the request and follow it up, nothing they wrote."""
        site = directory.site_name
        thanks = (words.gettext("Thank you: %(site)s has your mentor request for %(mentor)s.", site=site,
                                mentor=mentor_name(directory.mentors, mentor_id)) if mentor_id
                  else words.gettext("Thank you: %(site)s has your mentor request.", site=site))
        days = directory.options.reply_days
        return compose(
            self.settings, words.gettext("Your mentor request to %(site)s: %(reference)s", site=site,
                                         reference=reference), [to], paragraphs(
                thanks, words.gettext("Your reference: %(reference)s", reference=reference),
                words.ngettext("A coordinator reads every request and replies within %(num)s working day.",
                               "A coordinator reads every request and replies within %(num)s working days.", days)
                + " " + words.gettext("To ask about it, %(office)s and give your reference.",
                                      office=reach_the_office(directory, words)),
                words.gettext("If you did not send this request, you can ignore this e-mail.")))

    def confirm_request(self, reference: str, directory: Directory) -> None:
        """E-mail the mentee their reference; read from the database now, so nothing is sent to a
        request erased meanwhile. A failure is logged and never affects the stored request."""
        host = self.settings.smtp_host
        if host is None or not self.settings.confirm_to_mentee:
            return
        try:
            with self.db.read() as session:
                row = session.execute(select(RequestRecord.email, RequestRecord.mentor_id, RequestRecord.language)
                                      .where(RequestRecord.public_id == reference)).one_or_none()
            if row is None or not row.email:
                return
            words = language(row.language) if row.language else directory.words
            self._send(host, self.confirmation(reference, row.mentor_id, directory, row.email, words))
            log.info("sent the mentee a confirmation of request %s", reference)
        except (OSError, smtplib.SMTPException) as err:
            log.warning("confirmation of request %s failed: %s", reference, type(err).__name__)

    # --- survey answers that raise a concern (issue 19) ---------------------------------------

    def concern_message(self, link: str, recipients: list[str], words: Language = ENGLISH) -> EmailMessage:
        """A link to the dashboard and nothing of the answers: those stay in the inbox."""
        return compose(
            self.settings, words.gettext("A survey answer raised a concern"), recipients, paragraphs(
                words.gettext("A mentee's or mentor's survey answer raised a concern that the programme asked "
                              "to hear about at once."),
                words.gettext("Read it on the dashboard (sign-in needed) and acknowledge it there:") + f"\n{link}",
                words.gettext("This e-mail leaves out the answers on purpose.")))

    def new_concern(self, reference: str | None, words: Language = ENGLISH) -> None:
        """Tell coordinators at once; a failure is logged (the dashboard shows the concern anyway)."""
        host = self.settings.smtp_host
        if host is None:
            return
        where = f"/dashboard/requests/{reference}" if reference else "/dashboard/surveys"
        try:
            recipients = self.recipients()
            if not recipients:
                log.warning("no coordinator to tell about a concern")
                return
            self._send(host, self.concern_message(self.settings.public_url + where, recipients, words))
            log.info("told %d coordinators about a concern", len(recipients))
        except (OSError, smtplib.SMTPException) as err:
            log.warning("the notice of a concern failed: %s", type(err).__name__)

    def deliver(self, message: EmailMessage) -> None:
        """Send `message` now, raising OSError or SMTPException: for callers that count failures
        and try again (send-check-ins). Refused when no SMTP server is configured."""
        if self.settings.smtp_host is None:
            raise RuntimeError("INBOX_SMTP_HOST is not set")
        self._send(self.settings.smtp_host, message)

    def _send(self, host: str, message: EmailMessage) -> None:
        s = self.settings
        context = ssl.create_default_context()
        if s.smtp_tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, s.smtp_port, timeout=15, context=context)
        else:
            client = smtplib.SMTP(host, s.smtp_port, timeout=15)
        with client:
            if s.smtp_tls == "starttls":
                client.starttls(context=context)
            if s.smtp_user:
                client.login(s.smtp_user, s.smtp_password or "")
            client.send_message(message)
