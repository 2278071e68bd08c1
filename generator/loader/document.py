"""A document and the files it reaches through ``$ref``, resolved safely.

A ``$ref`` may name another file by a relative path. By default it is read only if it
lies inside the root document's folder tree, and URLs are never fetched: a spec is input
from outside, and must not make the generator read ``/etc/passwd`` or call a server.
A vendor's config can widen that, naming (:class:`RefPolicy`) further folders a ``$ref``
may read and URL prefixes it may fetch; nothing else is ever read.
"""

from __future__ import annotations

import posixpath
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from generator.loader.limits import DEFAULT_LIMITS, LoadLimits
from generator.loader.parse import LoadedFile, load_bytes, load_file
from generator.model.findings import Finding, GenerationError, Severity, pointer_tokens
from generator.model.source import Located, SourceFile

# Schemes a config may allow a $ref to fetch; file: and the rest never are.
FETCHABLE_SCHEMES = ("https", "http")


@dataclass(frozen=True, slots=True)
class RefPolicy:
    """Where a ``$ref`` may read besides the spec's own folder tree (default: nowhere)."""

    folders: tuple[Path, ...] = ()  # absolute, resolved
    url_prefixes: tuple[str, ...] = ()  # e.g. "https://schemas.example.com/v1/"
    timeout: float = 30.0  # seconds, per fetch

    def allows_folder(self, path: Path) -> bool:
        return any(path.is_relative_to(folder) for folder in self.folders)

    def allows_url(self, url: str) -> bool:
        return any(_under_prefix(url, prefix) for prefix in self.url_prefixes)


DEFAULT_POLICY = RefPolicy()


def _under_prefix(url: str, prefix: str) -> bool:
    """Same scheme and host, and a path at or below the prefix's once dot-segments go."""
    target, allowed = urlsplit(url), urlsplit(prefix)
    if target.scheme.lower() != allowed.scheme.lower():
        return False
    if target.netloc.lower() != allowed.netloc.lower() or "@" in target.netloc:
        return False
    path = posixpath.normpath(target.path or "/")
    base = allowed.path or "/"
    return path == base.rstrip("/") or path.startswith(base if base.endswith("/") else base + "/")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead anywhere; the allowed prefix is the whole of what is fetched."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class RefError(Exception):
    """A ``$ref`` that cannot be followed; becomes a finding at the ref's place."""


class SpecDocument:
    """The root document plus every file reached from it, loaded once each."""

    def __init__(
        self, root: LoadedFile, limits: LoadLimits, policy: RefPolicy = DEFAULT_POLICY
    ) -> None:
        self.root = root
        self.limits = limits
        self.policy = policy
        self.base_dir = root.path.parent.resolve()
        self.files: dict[Path, LoadedFile] = {root.path.resolve(): root}
        self.fetched: dict[str, LoadedFile] = {}
        # (folder of the referring file, path as written) -> the file it reached. A split
        # document (DigitalOcean's: 1,474 files) names the same few paths tens of
        # thousands of times; resolving each one again (a stat per path component) was
        # a fifth of its build.
        self._reached: dict[tuple[Path, str], LoadedFile] = {}

    @classmethod
    def open(
        cls,
        path: Path,
        display: str,
        limits: LoadLimits = DEFAULT_LIMITS,
        policy: RefPolicy = DEFAULT_POLICY,
    ) -> SpecDocument:
        return cls(load_file(path, display, limits), limits, policy)

    @property
    def data(self) -> Any:
        return self.root.data

    def at_root(self, pointer: str = "") -> Located:
        return Located(self.root, pointer, self.get(self.root, pointer))

    def get(self, file: SourceFile, pointer: str) -> Any:
        node = file.data
        for token in pointer_tokens(pointer):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise RefError(f"nothing at {pointer or '/'} in {file.display}")
        return node

    def follow(self, ref: str, origin: SourceFile) -> Located:
        """Resolve one ``$ref`` written in ``origin``."""
        parts = urlsplit(ref)
        target = origin
        if parts.scheme or parts.netloc or (origin.url is not None and parts.path):
            # Relative to a fetched document, a path is a URL too.
            address = urljoin(origin.url or "", urlunsplit(parts._replace(fragment="")))
            target = self.read_url(address, named_as=ref)
        elif parts.path:
            target = self._file(unquote(parts.path), origin)
        pointer = unquote(parts.fragment)
        if pointer and not pointer.startswith("/"):
            raise RefError(f"the $ref {ref!r} has a fragment that is not a JSON pointer")
        return Located(target, pointer, self.get(target, pointer))

    def _file(self, relative: str, origin: SourceFile) -> LoadedFile:
        key = (origin.path.parent, relative)
        loaded = self._reached.get(key)
        if loaded is None:
            loaded = self.read_file((origin.path.parent / relative).resolve(), relative)
            self._reached[key] = loaded
        return loaded

    def read_file(self, candidate: Path, named_as: str) -> LoadedFile:
        """Load a referenced file once, if it lies inside the spec's folder tree (or in a
        folder the config allows)."""
        if not (candidate.is_relative_to(self.base_dir) or self.policy.allows_folder(candidate)):
            raise RefError(
                f"the $ref reaches {named_as!r}, outside the spec's folder; copy the file "
                "into the spec's folder tree, or list its folder under refs.allow_folders "
                "in jobclient.yaml."
            )
        loaded = self.files.get(candidate)
        if loaded is None:
            if not candidate.is_file():
                raise RefError(f"the $ref names {named_as!r}, which does not exist")
            display = _display(self.root.display, self.base_dir, candidate)
            try:
                loaded = load_file(candidate, display, self.limits)
            except GenerationError as exc:
                raise RefError("; ".join(f.render() for f in exc.findings)) from None
            self.files[candidate] = loaded
        return loaded

    def read_url(self, url: str, named_as: str | None = None) -> LoadedFile:
        """Fetch a referenced document once, if the config allows its URL; else refuse."""
        shown = named_as or url
        if urlsplit(url).scheme.lower() not in FETCHABLE_SCHEMES or not self.policy.allows_url(url):
            raise RefError(
                f"the $ref {shown!r} is a URL; URLs are never fetched unless jobclient.yaml "
                "lists their prefix under refs.allow_urls. Or save the document beside the "
                "spec and refer to it by a relative path."
            )
        loaded = self.fetched.get(url)
        if loaded is None:
            raw = self._fetch(url)
            try:
                loaded = load_bytes(raw, Path(urlsplit(url).path), url, self.limits, url=url)
            except GenerationError as exc:
                raise RefError("; ".join(f.render() for f in exc.findings)) from None
            self.fetched[url] = loaded
        return loaded

    def _fetch(self, url: str) -> bytes:
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(url, timeout=self.policy.timeout) as response:
                # One byte over the cap is enough to refuse; never more is read.
                body: bytes = response.read(self.limits.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            raise RefError(f"fetching {url!r} for a $ref answered {exc.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise RefError(f"cannot fetch {url!r} for a $ref ({exc})") from None
        return body

    def deref(self, located: Located, *, limit: int = 64) -> Located:
        """Follow ``$ref`` chains (A -> B -> C) to a value that is not a bare ref.

        A cycle of aliases (A -> B -> C -> B) has no value: it is reported, not looped on.
        """
        seen: list[tuple[str, str]] = []
        current = located
        while isinstance(current.value, dict) and isinstance(current.value.get("$ref"), str):
            if current.key in seen:
                chain = " -> ".join(p for _, p in [*seen, current.key])
                raise RefError(f"the $ref chain loops ({chain}); break the cycle")
            seen.append(current.key)
            if len(seen) > limit:
                raise RefError(f"the $ref chain is longer than {limit} links")
            current = self.follow(current.value["$ref"], current.file)
        return current

    def line(self, located: Located) -> int | None:
        return located.file.line_of(located.pointer)

    def finding(self, located: Located, severity: Severity, code: str, message: str) -> Finding:
        return Finding(
            severity, code, located.file.display, self.line(located), located.pointer, message
        )


def _display(root_display: str, base_dir: Path, path: Path) -> str:
    """Name a referenced file the way its root was named (relative where it was)."""
    root_dir = Path(root_display).parent
    if not path.is_relative_to(base_dir):
        return str(path)  # in a folder the config allows, outside the spec's own
    return str(root_dir / path.relative_to(base_dir))
