"""Settings from the environment (LOGISTICS_*): the only module that reads it."""
from __future__ import annotations

import os
import re

from logistics.domain.package_numbers import NumberError, check_company_prefix

ENV_PREFIX = "LOGISTICS_"
# Where tracking links and QR codes point unless LOGISTICS_PUBLIC_URL says otherwise.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
MIN_SECRET_LENGTH = 32  # characters of LOGISTICS_SECRET_KEY: 128 bits as hex, more as anything else


class ConfigurationError(ValueError):
    """A setting that the app refuses to start with; the message says what to set instead."""


def from_environment(environ: dict[str, str] | None = None) -> dict:
    """Return the Flask config keys set by LOGISTICS_* variables."""
    env = os.environ if environ is None else environ
    config: dict = {}
    if url := env.get("LOGISTICS_DATABASE_URL"):
        config["DATABASE_URL"] = url
    if secret := env.get("LOGISTICS_SECRET_KEY"):
        if len(secret.strip()) < MIN_SECRET_LENGTH:
            raise ConfigurationError(
                f"LOGISTICS_SECRET_KEY has {len(secret.strip())} characters: use at least "
                f"{MIN_SECRET_LENGTH} random ones "
                "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)")
        config["SECRET_KEY"] = secret.strip()
    if "LOGISTICS_AUTO_MIGRATE" in env:
        config["AUTO_MIGRATE"] = env["LOGISTICS_AUTO_MIGRATE"].lower() in ("1", "true", "yes")
    if base := env.get("LOGISTICS_PUBLIC_URL"):
        config["PUBLIC_URL"] = base.rstrip("/")
    for key in ("OPERATOR_NAME", "OPERATOR_COUNTRY", "OPERATOR_ADDRESS", "OPERATOR_EORI", "OPERATOR_VAT"):
        if value := env.get(f"LOGISTICS_{key}"):
            config[key] = value
    if (prefix := env.get("LOGISTICS_GS1_COMPANY_PREFIX")) is not None and prefix.strip():
        try:
            config["GS1_COMPANY_PREFIX"] = check_company_prefix(prefix)
        except NumberError as error:
            raise ConfigurationError(f"LOGISTICS_GS1_COMPANY_PREFIX: {error}") from None
    if megabytes := env.get("LOGISTICS_MAX_UPLOAD_MB"):
        megabytes_allowed = _number("LOGISTICS_MAX_UPLOAD_MB", megabytes, whole=False)
        config["MAX_CONTENT_LENGTH"] = int(megabytes_allowed * 1024 * 1024)
    for key in ("IMPORT_MAX_ROWS", "IMPORT_MAX_CELL_CHARS", "IMPORT_MAX_SHARED_STRINGS",
                "IMPORT_MAX_REFUSALS"):
        if value := env.get(f"LOGISTICS_{key}"):
            config[key] = _number(f"LOGISTICS_{key}", value, whole=True)
    if megabytes := env.get("LOGISTICS_ATTACHMENT_MAX_MB"):
        config["ATTACHMENT_MAX_BYTES"] = int(_number("LOGISTICS_ATTACHMENT_MAX_MB", megabytes, whole=False)
                                             * 1024 * 1024)
    if megabytes := env.get("LOGISTICS_IMPORT_MAX_XLSX_MB"):
        config["IMPORT_MAX_XLSX_MB"] = _number("LOGISTICS_IMPORT_MAX_XLSX_MB", megabytes, whole=False)
    for key, minimum in (("DB_POOL_SIZE", 1), ("DB_MAX_OVERFLOW", 0)):
        if (value := env.get(f"LOGISTICS_{key}")) is not None:
            config[key] = _number(f"LOGISTICS_{key}", value, whole=True, minimum=minimum)
    if (timeout := env.get("LOGISTICS_DB_POOL_TIMEOUT")) is not None:
        config["DB_POOL_TIMEOUT"] = _number("LOGISTICS_DB_POOL_TIMEOUT", timeout, whole=True, minimum=1)
    if (prepared := env.get("LOGISTICS_DB_PREPARED_STATEMENTS")) is not None:
        config["DB_PREPARED_STATEMENTS"] = _switch("LOGISTICS_DB_PREPARED_STATEMENTS", prepared)
    if proxies := env.get("LOGISTICS_TRUSTED_PROXIES"):
        config["TRUSTED_PROXIES"] = proxies
    if kilobytes := env.get("LOGISTICS_MAX_JSON_KB"):
        config["MAX_JSON_BYTES"] = int(_number("LOGISTICS_MAX_JSON_KB", kilobytes, whole=False) * 1024)
    if smtp := env.get("LOGISTICS_SMTP_URL"):
        from logistics.mail import MailSettingError, parse_smtp_url

        try:
            config["SMTP_SERVER"] = parse_smtp_url(smtp, env.get("LOGISTICS_SMTP_CA_FILE"))
        except MailSettingError as error:
            raise ConfigurationError(str(error)) from None
    elif env.get("LOGISTICS_SMTP_CA_FILE"):
        raise ConfigurationError("LOGISTICS_SMTP_CA_FILE is set without LOGISTICS_SMTP_URL: "
                                 "set the server too, or unset the CA file")
    if sender := env.get("LOGISTICS_MAIL_FROM"):
        config["MAIL_FROM"] = sender.strip()
    if (hour := env.get("LOGISTICS_DIGEST_HOUR")) is not None:
        config["DIGEST_HOUR"] = _number("LOGISTICS_DIGEST_HOUR", hour, whole=True, minimum=0, maximum=23)
    if level := env.get("LOGISTICS_LOG_LEVEL"):
        config["LOG_LEVEL"] = level.upper()
    for key in ("SESSION_IDLE_MINUTES", "SESSION_MAX_DAYS"):
        if (value := env.get(f"LOGISTICS_{key}")) is not None:
            config[key] = _number(f"LOGISTICS_{key}", value, whole=False, maximum=1e6)
    return config


def _number(name: str, text: str, *, whole: bool, minimum: int | None = None,
            maximum: float = 1e12) -> int | float:
    """Read a setting's number (ASCII digits, `_` between groups), or stop the start naming the variable.

    ``minimum=None`` asks for a number above 0; the message says what was given and what is wanted.
    """
    cleaned = text.strip().replace("_", "")
    pattern = r"[0-9]+" if whole else r"[0-9]+(\.[0-9]+)?|\.[0-9]+"
    value = (int if whole else float)(cleaned) if re.fullmatch(pattern, cleaned) else None
    low_ok = value is not None and (value > 0 if minimum is None else value >= minimum)
    if value is None or not low_ok or value > maximum:
        wanted = "a whole number" if whole else "a number"
        bound = "above 0" if minimum is None else f"at least {minimum}"
        raise ConfigurationError(f"{name} is {text[:20]!r}: give {wanted}, {bound}, at most {maximum:g}")
    return value


def _switch(name: str, text: str) -> bool:
    """Read on/off (1/0, true/false, yes/no), or refuse."""
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} is {text[:20]!r}: give on or off")


def instance_path(environ: dict[str, str] | None = None) -> str | None:
    """Return the instance folder chosen by LOGISTICS_INSTANCE_PATH, if any."""
    env = os.environ if environ is None else environ
    return env.get("LOGISTICS_INSTANCE_PATH")
