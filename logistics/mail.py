"""E-mail: the SMTP setting (LOGISTICS_SMTP_URL), a notification as a MIME message, sending it (smtplib)."""
from __future__ import annotations

import ipaddress
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = {"smtp": 25, "smtps": 465}
TIMEOUT = 30.0  # seconds for each SMTP conversation; a hung server fails the attempt, which is retried


class MailSettingError(ValueError):
    """LOGISTICS_SMTP_URL cannot be used; the message never repeats its password."""


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to send: host, port, implicit TLS (smtps) or STARTTLS, and the login."""

    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)  # never in a repr, a log or an error
    ca_file: str | None = None  # the CAs trusted for this server's certificate (None: the system's)

    def describe(self) -> str:
        """Return the server as it may be shown or logged: no password."""
        who = f"{self.username}@" if self.username else ""
        how = "smtps" if self.implicit_tls else "smtp"
        return f"{how}://{who}{self.host}:{self.port}" + ("?starttls=1" if self.starttls else "")


def parse_smtp_url(url: str, ca_file: str | None = None) -> SmtpServer:
    """Read smtp://user:pass@host:port (smtps:// for implicit TLS, ?starttls=1 to upgrade a plain one).

    The user and password are percent-decoded (``%40`` for an ``@`` in either). ``ca_file``
    (LOGISTICS_SMTP_CA_FILE) is a PEM file of the CAs to trust instead of the system's; it is
    read now, so a wrong path stops the start rather than every later message.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise MailSettingError("LOGISTICS_SMTP_URL is not a URL: give smtp://user:password@host:port") \
            from None
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise MailSettingError("LOGISTICS_SMTP_URL must start smtp:// or smtps:// and name a host")
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["0"])[-1].lower() in ("1", "true", "yes", "on")
    if starttls and parts.scheme == "smtps":
        raise MailSettingError("LOGISTICS_SMTP_URL: smtps:// is TLS from the start; "
                               "starttls=1 goes with smtp://")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if not f"{username or ''}{password or ''}".isascii():
        # smtplib sends AUTH as ASCII; a letter beyond it would fail every message, far from here
        raise MailSettingError("LOGISTICS_SMTP_URL: the user and password must be ASCII characters "
                               "(percent-encoded where a URL needs it)")
    implicit_tls = parts.scheme == "smtps"
    if username and not (implicit_tls or starttls) and not is_loopback(parts.hostname):
        # smtplib would send AUTH in the clear to any server that offers it
        raise MailSettingError("LOGISTICS_SMTP_URL would send the password unencrypted: use smtps:// "
                               "or smtp://...?starttls=1 (a plain login is allowed only to this host)")
    if ca_file := (ca_file or "").strip() or None:
        if not (implicit_tls or starttls):
            raise MailSettingError("LOGISTICS_SMTP_CA_FILE is for TLS: make LOGISTICS_SMTP_URL "
                                   "smtps://... or smtp://...?starttls=1")
        try:
            tls_context(ca_file)
        except (OSError, ssl.SSLError) as error:
            raise MailSettingError(f"LOGISTICS_SMTP_CA_FILE {ca_file!r} cannot be read as PEM "
                                   f"certificates: {error.strerror or error}") from None
    return SmtpServer(parts.hostname, port or SCHEMES[parts.scheme], implicit_tls, starttls, username,
                      password, ca_file)


def is_loopback(host: str) -> bool:
    """Say whether a host name is this machine (localhost, 127.0.0.0/8, ::1): no network in between."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message."""

    file_name: str
    content: bytes
    media_type: str = "application/pdf"


def build_message(*, notification_id: int, sender: str, recipient: str, language: str, subject: str,
                  text: str, html: str, attachment: Attachment | None = None) -> EmailMessage:
    """Return the MIME message of a notification: plain text with an HTML alternative, and the file."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(f"notification.{notification_id}", sender.rpartition("@")[2] or None)
    message["X-Logistics-Notification"] = str(notification_id)  # the outbox row (at-least-once: dedupe by it)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if attachment is not None:
        maintype, _, subtype = attachment.media_type.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                               filename=attachment.file_name)
    # Set last: making the message multipart moves every Content-* header into its first part.
    message["Content-Language"] = language
    return message


class UntrustedServer(OSError):
    """The SMTP server's certificate was not trusted: its message says what to set."""


def tls_context(ca_file: str | None = None) -> ssl.SSLContext:
    """Return the TLS settings of every SMTP connection: certificate and host name checked, always.

    ``ca_file`` replaces the system's CAs (a private CA, a self-signed server's own certificate);
    verification is never switched off.
    """
    return ssl.create_default_context(cafile=ca_file)


def send(server: SmtpServer, message: EmailMessage) -> None:
    """Hand one message to the SMTP server (one connection; an error is the caller's to record and retry)."""
    context = tls_context(server.ca_file)
    smtp: smtplib.SMTP
    try:
        if server.implicit_tls:
            smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=context)
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        with smtp:
            if server.starttls:
                smtp.starttls(context=context)
            if server.username:
                smtp.login(server.username, server.password or "")
            smtp.send_message(message)
    except ssl.SSLCertVerificationError as error:
        trusted = f"the CAs in {server.ca_file}" if server.ca_file else "the system's CAs"
        raise UntrustedServer(  # what to do first: the error kept on a message is cut at 200 characters
            f"{server.host}:{server.port}'s certificate not trusted ({error.verify_message}): give its CA "
            f"in LOGISTICS_SMTP_CA_FILE (trusted now: {trusted})") from None
