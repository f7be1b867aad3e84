"""Settings from the environment (LOGISTICS_*): the only module that reads it."""
from __future__ import annotations

import os

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
    if megabytes := env.get("LOGISTICS_MAX_UPLOAD_MB"):
        config["MAX_CONTENT_LENGTH"] = int(float(megabytes) * 1024 * 1024)
    for key in ("IMPORT_MAX_ROWS", "IMPORT_MAX_CELL_CHARS", "IMPORT_MAX_SHARED_STRINGS",
                "IMPORT_MAX_REFUSALS"):
        if value := env.get(f"LOGISTICS_{key}"):
            config[key] = _positive(f"LOGISTICS_{key}", value, int)
    if megabytes := env.get("LOGISTICS_IMPORT_MAX_XLSX_MB"):
        config["IMPORT_MAX_XLSX_MB"] = _positive("LOGISTICS_IMPORT_MAX_XLSX_MB", megabytes, float)
    for key, minimum in (("DB_POOL_SIZE", 1), ("DB_MAX_OVERFLOW", 0)):
        if (value := env.get(f"LOGISTICS_{key}")) is not None:
            config[key] = _whole_number(f"LOGISTICS_{key}", value, minimum)
    if (timeout := env.get("LOGISTICS_DB_POOL_TIMEOUT")) is not None:
        config["DB_POOL_TIMEOUT"] = _whole_number("LOGISTICS_DB_POOL_TIMEOUT", timeout, 1)
    if (prepared := env.get("LOGISTICS_DB_PREPARED_STATEMENTS")) is not None:
        config["DB_PREPARED_STATEMENTS"] = _switch("LOGISTICS_DB_PREPARED_STATEMENTS", prepared)
    if proxies := env.get("LOGISTICS_TRUSTED_PROXIES"):
        config["TRUSTED_PROXIES"] = proxies
    if kilobytes := env.get("LOGISTICS_MAX_JSON_KB"):
        config["MAX_JSON_BYTES"] = int(_positive("LOGISTICS_MAX_JSON_KB", kilobytes, float) * 1024)
    if level := env.get("LOGISTICS_LOG_LEVEL"):
        config["LOG_LEVEL"] = level.upper()
    for key in ("SESSION_IDLE_MINUTES", "SESSION_MAX_DAYS"):
        if (value := env.get(f"LOGISTICS_{key}")) is not None:
            config[key] = _positive_number(f"LOGISTICS_{key}", value)
    return config


def _positive_number(name: str, value: str) -> float:
    """Read a positive number of minutes or days, or say which variable is wrong and why."""
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0 < number < 1e6:
        raise ValueError(f"{name} must be a positive number, not {value[:20]!r}")
    return number


def _positive(name: str, text: str, kind: type[int] | type[float]) -> int | float:
    """Return a limit's value, or stop the start with what was wrong (a limit is a positive number)."""
    try:
        value = kind(text.replace("_", "").replace(",", ""))
    except ValueError:
        value = 0
    if not 0 < value < float("inf"):
        raise ValueError(f"{name}={text[:20]!r}: give a positive {'whole ' if kind is int else ''}number")
    return value


def _whole_number(name: str, text: str, minimum: int) -> int:
    """Read a whole number of at least ``minimum``, or refuse with what was given and what is wanted."""
    if not text.strip().isdigit() or int(text) < minimum:
        raise ConfigurationError(f"{name} is {text[:20]!r}: give a whole number, at least {minimum}")
    return int(text)


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
