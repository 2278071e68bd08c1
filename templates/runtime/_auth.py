"""Credentials: where they come from, how each security scheme sends them, and how they are
kept out of reprs, error messages and logs.

A credential lives in a :class:`Secret`. Every live secret is known to :func:`redact`,
which replaces each form it takes on the wire (as is, percent-encoded, base64 for Basic)
with ``<redacted>``; requests are :class:`SafeRequest`, whose repr goes through it.
"""

from __future__ import annotations

import base64
import os
import threading
import weakref
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias
from urllib.parse import quote, quote_plus

import httpx

from ._errors import MissingCredentialError

REDACTED = "<redacted>"


@dataclass(frozen=True)
class BearerAuth:
    """``Authorization: Bearer <credential>`` (HTTP bearer, OAuth 2, OpenID Connect)."""


@dataclass(frozen=True)
class BasicAuth:
    """``Authorization: Basic <base64>``; the credential is given as ``"user:password"``."""


@dataclass(frozen=True)
class ApiKeyAuth:
    """The credential as it is, in the header, query parameter or cookie ``name``."""

    name: str
    location: Literal["header", "query", "cookie"]


AuthScheme: TypeAlias = BearerAuth | BasicAuth | ApiKeyAuth

# Every Secret alive, for redact(). Weak, so a closed and dropped client's secret goes.
_live_secrets: weakref.WeakSet[Secret] = weakref.WeakSet()
_live_lock = threading.Lock()


class Secret:
    """A credential that never prints itself: ``repr`` and ``str`` are ``<redacted>``.

    Held as a Secret rather than a ``str`` so that it stays hidden in debuggers, in
    tracebacks that show locals, and in ``vars(client)``.
    """

    __slots__ = ("__weakref__", "_forms", "_value")

    def __init__(self, value: str) -> None:
        if not value:
            raise ValueError("a credential cannot be empty")
        self._value = value
        self._forms = _wire_forms(value)
        with _live_lock:
            _live_secrets.add(self)

    def reveal(self) -> str:
        """The credential itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return REDACTED

    __str__ = __repr__


def _wire_forms(value: str) -> frozenset[str]:
    """Each spelling the credential can have in a URL, a header or a log line."""
    forms = {
        value,
        quote(value, safe=""),
        quote_plus(value, safe=""),
        # httpx's own query encoding, which is neither of the two above.
        str(httpx.QueryParams({"k": value}))[2:],
        # Basic auth sends "user:password" in base64.
        base64.b64encode(value.encode()).decode(),
    }
    return frozenset(forms)


def redact(text: str) -> str:
    """``text`` with every form of every live credential replaced by ``<redacted>``."""
    with _live_lock:
        forms = {form for secret in _live_secrets for form in secret._forms}
    # Longest first: a form that contains another is replaced whole.
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, REDACTED)
    return text


class SafeHeaders(httpx.Headers):
    """Headers whose repr hides credentials (httpx hides only ``Authorization``)."""

    # Held so that the secret, and so its redaction, lives as long as these headers do.
    secret: Secret | None = None

    def __repr__(self) -> str:
        return redact(super().__repr__())


class SafeRequest(httpx.Request):
    """The request every client sends: its repr, and its headers' repr, hide credentials
    wherever they are (a query parameter, an API-key header).

    It holds the credential it carries: a request kept in an exception outlives its
    client, and redaction must still know the secret then.
    """

    def __init__(
        self,
        method: str,
        url: str,
        *,
        params: list[tuple[str, str]],
        headers: httpx.Headers,
        timeout: httpx.Timeout,
        secret: Secret | None,
        content: bytes | None = None,
        files: list[tuple[str, Any]] | None = None,
    ) -> None:
        super().__init__(
            method,
            url,
            params=tuple(params),
            headers=headers,
            content=content,
            files=files,
            # Where httpx looks for a request's own timeout when it is sent.
            extensions={"timeout": timeout.as_dict()},
        )
        self.secret = secret
        headers = SafeHeaders(self.headers)
        headers.secret = secret
        self.headers = headers

    def __repr__(self) -> str:
        return f"<Request({self.method!r}, {redact(str(self.url))!r})>"


def apply_auth(
    auth: AuthScheme,
    secret: Secret,
    headers: httpx.Headers,
    query: list[tuple[str, str]],
    cookies: dict[str, str],
) -> None:
    """Put the credential where the scheme says, replacing any value already there."""
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
    """The keyword's value, else the env var's; missing and required is an error now, at
    construction, rather than a 401 at the first call. Empty counts as missing."""
    value = explicit or os.environ.get(env)
    if value:
        return Secret(value)
    if required:
        raise MissingCredentialError(f"no credential: pass {parameter}= or set {env}")
    return None


def resolve_base_url(explicit: str | None, *, env: str, default: str) -> str:
    """The keyword's value, else the env var's, else the spec's server."""
    value = explicit or os.environ.get(env) or default
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL:
        url = httpx.URL()
    if url.scheme not in ("http", "https") or not url.host:
        # Now, rather than as an UnsupportedProtocol error at the first call.
        raise ValueError(f"base_url must be an absolute http(s) URL, not {value!r}")
    return value
