"""Fetching a vendor's published document over HTTP(S), refusing anything but a document.

A vendor's ``source:`` URL is trusted only for what it answers: the answer must be a
2xx, must not be an HTML page (a login wall or an error page served with 200), must fit
the vendor's ``max_bytes`` (never more than one byte over it is read), and may redirect
only within the same host, never from https down to http. Every refusal is a
:class:`FetchError` whose message says what happened and what to do.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import IO, Any
from urllib.parse import urlsplit

DEFAULT_TIMEOUT = 30.0  # seconds, for the connection and for each read
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


class FetchError(Exception):
    """The URL did not answer with a document; the message is for the user."""


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same host, and never from https to http."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        old, new = urlsplit(req.full_url), urlsplit(newurl)
        if (new.hostname or "").lower() != (old.hostname or "").lower() or (
            old.scheme == "https" and new.scheme != "https"
        ):
            fp.close()
            raise FetchError(
                f"{req.full_url} redirects ({code}) to {newurl}, another host or a plain-http "
                "URL; only redirects within the same host are followed. If the vendor has "
                "moved its document, put the new URL in `source:`."
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_document(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The body at ``url``, or FetchError; at most ``max_bytes + 1`` bytes are ever read."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http(s) URL.")
    opener = urllib.request.build_opener(_SameHostRedirects)
    request = urllib.request.Request(
        url, headers={"Accept": "application/json, application/yaml, text/yaml, */*;q=0.5"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_large(url, max_bytes, f"declares {declared} bytes"))
            body: bytes = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        exc.close()
        hint = (
            "the vendor's server failed; try again later."
            if exc.code >= 500
            else "check the `source:` URL in the vendor's jobclient.yaml."
        )
        raise FetchError(f"{url} answered HTTP {exc.code} {exc.reason}; {hint}") from None
    except FetchError:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"cannot fetch {url} ({reason}); check the URL and the network, then retry."
        ) from None
    if len(body) > max_bytes:
        raise FetchError(_too_large(url, max_bytes, "sent more bytes"))
    if kind == "text/html" or body.lstrip()[:16].lower().startswith(_HTML_STARTS):
        raise FetchError(
            f"{url} answered with an HTML page, not an OpenAPI document; the vendor may have "
            "moved it or put it behind a login. Check the `source:` URL in a browser."
        )
    return body


def _too_large(url: str, max_bytes: int, what: str) -> str:
    return (
        f"{url} {what}, over the limit of {max_bytes} bytes; nothing past it was read. "
        "If the document is really that large, raise `limits: max_bytes:` in the vendor's "
        "jobclient.yaml."
    )
