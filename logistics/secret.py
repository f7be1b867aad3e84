"""The key that signs cookies and CSRF tokens: one for every process of a deployment.

LOGISTICS_SECRET_KEY wins. Without it, an app on SQLite (one host by nature) keeps a key in its
instance folder, made by the first process that starts and read whole by every other one. An
app on any other database may run on several hosts, which would each make a key of their own:
it refuses to start and says what to set instead.
"""
from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from logistics.config import MIN_SECRET_LENGTH, ConfigurationError

FILE_NAME = "secret_key"


def secret_for(url: str, instance_path: str) -> str:
    """Return the instance folder's key for an app on SQLite, or refuse for a shared database."""
    if not url.startswith("sqlite"):
        raise ConfigurationError(
            "LOGISTICS_SECRET_KEY is not set. With a database server every process, on every "
            "host, must sign cookies with the same key, so none is made here: set "
            f"LOGISTICS_SECRET_KEY to the same random value (at least {MIN_SECRET_LENGTH} characters, "
            "e.g. the output of `python -c 'import secrets; print(secrets.token_hex(32))'`) "
            "wherever LOGISTICS_DATABASE_URL is set. To keep this host's current sign-ins, use "
            f"the content of {Path(instance_path) / FILE_NAME} if it exists.")
    return instance_secret(Path(instance_path))


def instance_secret(folder: Path) -> str:
    """Return the key kept in ``folder``, made on first start; never read half-written.

    The key is written to a file of this process's own and then linked under the shared name,
    which fails if another process linked its key first: the name only ever points at a
    complete file, and the first writer wins.
    """
    path = folder / FILE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _publish(path, secrets.token_hex(32))
    secret = path.read_text().strip()
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigurationError(
            f"{path} holds {len(secret)} characters, not a key of at least {MIN_SECRET_LENGTH} "
            "(an older version could leave it empty when two processes started together): "
            "delete it and start again (sessions signed with it end), or set LOGISTICS_SECRET_KEY.")
    return secret


def _publish(path: Path, secret: str) -> None:
    """Write the key to a temporary file and link it under ``path`` unless a key is already there."""
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secret)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: all use its key
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
