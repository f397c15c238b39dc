"""E-mail to coordinators when a request arrives (only when INBOX_SMTP_HOST is set).

The message carries a link to the request on the dashboard and nothing about the mentee:
mail passes through servers the programme does not control.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from sqlalchemy import select

from .db import Database
from .models import Coordinator
from .settings import Settings

log = logging.getLogger("inbox.notify")


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

    def message(self, reference: str, recipients: list[str]) -> EmailMessage:
        link = f"{self.settings.public_url}/dashboard/requests/{reference}"
        message = EmailMessage()
        message["Subject"] = f"New mentor request {reference}"
        message["From"] = self.settings.smtp_from
        message["To"] = ", ".join(recipients)
        message.set_content(
            "A new mentor request has arrived.\n\n"
            f"Open it on the dashboard (sign-in needed):\n{link}\n\n"
            "This e-mail leaves out the mentee's details on purpose.\n")
        return message

    def new_request(self, reference: str) -> None:
        """Send the notice; a failure is logged and never affects the stored request."""
        host = self.settings.smtp_host
        if host is None:  # notifications are off
            return
        try:
            recipients = self.recipients()
            if not recipients:
                log.warning("no coordinator to notify about request %s", reference)
                return
            self._send(host, self.message(reference, recipients))
            log.info("notified %d coordinators about request %s", len(recipients), reference)
        except (OSError, smtplib.SMTPException) as err:
            log.warning("notification about request %s failed: %s", reference, type(err).__name__)

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
