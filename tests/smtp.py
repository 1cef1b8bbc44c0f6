"""A real SMTP server for tests (aiosmtpd), on a free port of the loopback interface.

    def test_x(smtp_server):           # conftest.py's fixture; Django's settings point at it
        ...send...
        [message] = smtp_server.messages   # email.message.EmailMessage, as the server received it

The server keeps what arrived: envelope sender and recipients, and the parsed message. With
`tls=True` it offers STARTTLS (a self-signed certificate that the test's client is made to
trust) and requires a login, as a production relay does.
"""

import datetime
import email
import email.policy
import socket
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USERNAME = "boligplan-relay"
PASSWORD = "relay-password-for-tests"  # noqa: S105


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    message: email.message.EmailMessage
    authenticated_as: str | None


@dataclass
class Inbox:
    received: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refuse: set = field(default_factory=set)  # recipients answered with 550, as for a closed mailbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, login))
        return "250 Message accepted"

    @property
    def messages(self) -> list:
        with self.lock:
            return [item.message for item in self.received]


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USERNAME.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


class SMTPServer:
    def __init__(self, *, tls_files: tuple[Path, Path] | None = None):
        self.inbox = Inbox()
        self.host = "127.0.0.1" if tls_files is None else "localhost"
        self.port = free_port()
        options = {}
        if tls_files is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls_files)
            options = {"tls_context": context, "require_starttls": True, "auth_required": True}
            options["authenticator"] = _authenticate
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **options)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    @property
    def messages(self) -> list:
        return self.inbox.messages

    @property
    def received(self) -> list:
        return self.inbox.received
