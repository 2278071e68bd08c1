"""Credentials: how each security scheme is applied, and how secrets are kept out of sight.

A credential lives in a :class:`Secret`; every string that could show it (a request's
repr, an error message, a log line) passes through :class:`Redactor` first.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Literal

import httpx

from ._errors import JobClientsError, MissingCredentialError

REDACTED = "<redacted>"


@dataclass(frozen=True)
class BearerAuth:
    """``Authorization: Bearer <credential>`` (http bearer, oauth2, openIdConnect)."""


@dataclass(frozen=True)
class BasicAuth:
    """``Authorization: Basic ...``; the credential is ``"user:password"``."""


@dataclass(frozen=True)
class ApiKeyAuth:
    """The credential as it is, in a header, query parameter or cookie of this name."""

    name: str
    location: Literal["header", "query", "cookie"] = "header"


AuthScheme = BearerAuth | BasicAuth | ApiKeyAuth


class Secret:
    """A credential that never prints itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    __str__ = __repr__


class Redactor:
    """Replaces every form a secret takes on the wire with ``<redacted>``."""

    def __init__(self, secret: Secret | None) -> None:
        self._needles: list[str] = []
        if secret is not None and secret.reveal():
            value = secret.reveal()
            encoded = base64.b64encode(value.encode()).decode()
            quoted = httpx.QueryParams({"k": value}).get("k") or value
            url_form = str(httpx.QueryParams({"k": value}))[2:]
            # Longest first, so a value that contains another is replaced whole.
            self._needles = sorted({value, encoded, quoted, url_form}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for needle in self._needles:
            text = text.replace(needle, REDACTED)
        return text


class SafeRequest(httpx.Request):
    """An ``httpx.Request`` whose repr hides the credential (a query key, for one)."""

    redactor: Redactor = Redactor(None)

    def __repr__(self) -> str:
        return f"<Request({self.method!r}, {self.redactor(str(self.url))!r})>"


def apply_auth(
    auth: AuthScheme,
    secret: Secret,
    headers: httpx.Headers,
    query: list[tuple[str, str]],
    cookies: dict[str, str],
) -> None:
    value = secret.reveal()
    if isinstance(auth, BearerAuth):
        headers["Authorization"] = f"Bearer {value}"
    elif isinstance(auth, BasicAuth):
        headers["Authorization"] = "Basic " + base64.b64encode(value.encode()).decode()
    elif auth.location == "header":
        headers[auth.name] = value
    elif auth.location == "query":
        query[:] = [(k, v) for k, v in query if k != auth.name]
        query.append((auth.name, value))
    else:
        cookies[auth.name] = value


def resolve_credential(
    explicit: str | None, *, parameter: str, env: str, required: bool
) -> Secret | None:
    """The keyword, else the env var; a required one that is missing is an error now."""
    value = explicit if explicit is not None else os.environ.get(env)
    if value:
        return Secret(value)
    if required:
        raise MissingCredentialError(f"no credential: pass {parameter}= or set {env}")
    return None


def resolve_base_url(explicit: str | None, *, env: str, default: str) -> str:
    """The keyword, else the env var, else the spec's first server."""
    value = explicit or os.environ.get(env) or default
    if not value:
        raise JobClientsError(f"no base URL: pass base_url= or set {env}")
    return value
