"""What a fake knows of its vendor's spec, and the checks of a request against it.

A generated ``testing`` module holds the spec's facts as JSON (operations, parameters and
their schemas, the credential scheme, the documented answers with sample bodies, a list
operation's paging, the job binding); :func:`load_spec` reads them into the types below.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import importlib.resources
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx


class SpecViolation(AssertionError):
    """A request the vendor's spec does not allow; the message says what and where."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A documented answer: status code, media type, body kind and a sample body."""

    key: str  # as the spec names it: "200", "2XX", "default"
    status: int
    media: str | None
    kind: str
    body: Any
    where: str


# The query parameter of the next-page addresses a fake gives (a list paged by a next
# URL or a Link header): the position in its list. Its own, so never held undeclared.
FAKE_PAGE = "fake_page"


@dataclass(frozen=True, slots=True)
class PagingSpec:
    """A list operation's paging: parameters and fields by their wire names."""

    style: str  # offset, page, cursor, next_url, link_header
    param: str | None
    size_param: str | None
    items: tuple[str, ...]
    next: tuple[str, ...] | None
    from_item: tuple[str, ...] | None
    has_more: tuple[str, ...] | None
    total: tuple[str, ...] | None
    total_is_pages: bool

    @property
    def by_address(self) -> bool:
        """Paged by an address the server gives (a body field or the Link header)."""
        return self.style in ("next_url", "link_header")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    where: str


@dataclass(frozen=True, slots=True)
class OperationSpec:
    name: str
    method: str
    path: str
    where: str
    secured: bool
    security_where: str
    params: tuple[Param, ...]
    success: Answer
    errors: dict[str, Answer]
    pattern: re.Pattern[str]
    # The pattern's groups (p0, p1...) -> path parameter names: a spec's name need not be
    # a valid group name.
    groups: dict[str, str]
    paging: PagingSpec | None = None

    def error(self, status: int) -> Answer | None:
        """The documented answer for ``status``: exact, then its range (4XX), then default."""
        return (
            self.errors.get(str(status))
            or self.errors.get(f"{str(status)[0]}XX")
            or self.errors.get("default")
        )

    def in_location(self, location: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == location)


@dataclass(frozen=True, slots=True)
class JobSpec:
    operation: str
    id_param: str
    id_schema: dict[str, Any]
    status_path: tuple[str, ...]
    id_path: tuple[str, ...] | None
    fields: tuple[str, ...]
    statuses: tuple[str, ...]
    # The paginated operation that lists these jobs, if the config binds one.
    list_operation: str | None = None


@dataclass(frozen=True, slots=True)
class AuthSpec:
    kind: str  # bearer, basic, apiKey
    name: str
    location: str  # header, query, cookie


@dataclass(frozen=True, slots=True)
class ApiSpec:
    vendor: str
    spec: str
    base_url: str
    credential: str
    auth: AuthSpec | None
    operations: tuple[OperationSpec, ...]
    job: JobSpec | None

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    def operation(self, name: str) -> OperationSpec:
        for op in self.operations:
            if op.name == name:
                return op
        known = ", ".join(op.name for op in self.operations) or "none"
        raise ValueError(
            f"the {self.vendor} fake has no operation {name!r}; it has: {known}"
        )

    def route(
        self, method: str, path: str
    ) -> tuple[OperationSpec, dict[str, str]] | None:
        """The operation a request is for, and its path parameters (decoded), from the
        request's raw (still percent-encoded) path."""
        base = self.base_path
        if base and not (path == base or path.startswith(base + "/")):
            return None
        path = path[len(base) :] or "/"
        for op in self.operations:
            if op.method == method:
                match = op.pattern.fullmatch(path)
                if match is not None:
                    values = match.groupdict().items()
                    return op, {op.groups[k]: unquote(v) for k, v in values}
        return None


def load_spec_file(package: str | None, name: str) -> ApiSpec:
    """The spec facts a generated ``testing`` module keeps in a data file beside it."""
    if package is None:
        raise ImportError("a fake's testing module must be imported from its package")
    return load_spec(
        importlib.resources.files(package).joinpath(name).read_text("ascii")
    )


def load_spec(text: str) -> ApiSpec:
    """The spec facts a generated ``testing`` module holds as JSON."""
    data = json.loads(text)
    auth = data["auth"]
    operations = [_operation(op) for op in data["operations"]]
    # Fixed segments win over parameters: /jobs/list before /jobs/{id}.
    operations.sort(key=lambda op: op.path.count("{"))
    job = data["job"]
    return ApiSpec(
        vendor=data["vendor"],
        spec=data["spec"],
        base_url=_absolute(data["base_url"]),
        credential=data["credential"],
        auth=None if auth is None else AuthSpec(auth["kind"], auth["name"], auth["in"]),
        operations=tuple(operations),
        job=None
        if job is None
        else JobSpec(
            operation=job["operation"],
            id_param=job["id_param"],
            id_schema=job["id_schema"],
            status_path=tuple(job["status_path"]),
            id_path=None if job["id_path"] is None else tuple(job["id_path"]),
            fields=tuple(job["fields"]),
            statuses=tuple(job["statuses"]),
            list_operation=job.get("list_operation"),
        ),
    )


# Where a fake's clients point when the spec's server is relative ("/v1") or unusable.
FALLBACK_HOST = "https://api.fake.invalid"


def _absolute(url: str) -> str:
    """The spec's server URL as an absolute http(s) URL a client accepts."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return FALLBACK_HOST
    if parsed.scheme in ("http", "https") and parsed.host:
        return url
    if url.startswith("/") and not url.startswith("//"):
        try:
            return str(httpx.URL(FALLBACK_HOST + url))
        except httpx.InvalidURL:
            return FALLBACK_HOST
    return FALLBACK_HOST


def _answer(data: dict[str, Any]) -> Answer:
    return Answer(
        data["key"],
        data["status"],
        data["media"],
        data["kind"],
        data["body"],
        data["where"],
    )


_SLOT = re.compile(r"\{([^{}]+)\}")


def _operation(data: dict[str, Any]) -> OperationSpec:
    path: str = data["path"]
    pattern = ""
    last = 0
    groups: dict[str, str] = {}
    for index, match in enumerate(_SLOT.finditer(path)):
        pattern += re.escape(path[last : match.start()])
        group = f"p{index}"
        groups[group] = match.group(1)
        pattern += f"(?P<{group}>[^/]+)"
        last = match.end()
    pattern += re.escape(path[last:])
    params = tuple(
        Param(p["name"], p["in"], p["required"], p["schema"], p["where"])
        for p in data["params"]
    )
    return OperationSpec(
        name=data["name"],
        method=data["method"],
        path=path,
        where=data["where"],
        secured=data["secured"],
        security_where=data["security_where"],
        params=params,
        success=_answer(data["success"]),
        errors={k: _answer(v) for k, v in data["errors"].items()},
        pattern=re.compile(pattern),
        groups=groups,
        paging=_paging(data.get("paging")),
    )


def _paging(data: dict[str, Any] | None) -> PagingSpec | None:
    if data is None:
        return None

    def path(key: str) -> tuple[str, ...] | None:
        value = data[key]
        return None if value is None else tuple(value)

    return PagingSpec(
        style=data["style"],
        param=data["param"],
        size_param=data["size_param"],
        items=tuple(data["items"]),
        next=path("next"),
        from_item=path("from_item"),
        has_more=path("has_more"),
        total=path("total"),
        total_is_pages=data["total_is_pages"],
    )


# ------------------------------------------------------------------ request checks


@dataclass(frozen=True, slots=True)
class Problem:
    """One way a request breaks the spec: ``kind`` is "credential" or "parameter"."""

    kind: str
    message: str


def check_request(
    spec: ApiSpec, op: OperationSpec, request: httpx.Request, path: dict[str, str]
) -> list[Problem]:
    """Everything the request does against the operation's declaration."""
    problems: list[Problem] = []
    if op.secured and spec.auth is not None and not _has_credential(spec.auth, request):
        problems.append(
            Problem(
                "credential",
                f"no credential in the documented scheme ({_scheme_text(spec.auth)}); "
                f"the spec asks for it at {op.security_where}",
            )
        )
    for param in op.in_location("path"):
        value = path.get(param.name)
        if value is not None:
            problems += _value_problems(param, value)
    query = request.url.params
    declared = {p.name for p in op.in_location("query")}
    if spec.auth is not None and spec.auth.location == "query":
        declared.add(spec.auth.name)
    if op.paging is not None and op.paging.by_address:
        declared.add(FAKE_PAGE)  # in the next-page addresses the fake itself gave
    for name in dict.fromkeys(query.keys()):
        if name not in declared:
            problems.append(
                Problem(
                    "parameter",
                    f"query parameter {name!r} is not declared by {op.method} {op.path} "
                    f"({op.where})",
                )
            )
    for param in op.in_location("query"):
        problems += _present(param, query.get_list(param.name))
    for param in op.in_location("header"):
        problems += _present(param, request.headers.get_list(param.name))
    cookies = _cookies(request)
    for param in op.in_location("cookie"):
        problems += _present(
            param, [cookies[param.name]] if param.name in cookies else []
        )
    return problems


def _present(param: Param, values: list[str]) -> list[Problem]:
    if not values:
        if not param.required:
            return []
        return [
            Problem(
                "parameter",
                f"required {param.location} parameter {param.name!r} is missing ({param.where})",
            )
        ]
    problems: list[Problem] = []
    for value in values:
        problems += _value_problems(param, value)
    return problems


def _value_problems(param: Param, value: str) -> list[Problem]:
    reason = value_problem(param.schema, value)
    if reason is None:
        return []
    return [
        Problem(
            "parameter",
            f"{param.location} parameter {param.name!r} = {value!r:.80} {reason} ({param.where})",
        )
    ]


def value_problem(schema: dict[str, Any], value: str) -> str | None:
    """Why ``value`` (as sent on the wire) breaks the parameter's schema; None if it fits."""
    kind = schema.get("type")
    number: float | None = None
    if kind == "integer":
        try:
            number = int(value)
        except ValueError:
            return "is not an integer"
    elif kind == "number":
        try:
            number = float(value)
        except ValueError:
            return "is not a number"
    elif kind == "boolean" and value not in ("true", "false"):
        return "is not true or false"
    enum = schema.get("enum")
    if (
        isinstance(enum, list)
        and enum
        and value not in [_wire(v) for v in enum if v is not None]
    ):
        return "is not one of the values the spec lists"
    fmt = schema.get("format")
    if kind in (None, "string") and not _format_fits(fmt, value):
        return f"is not in the format {fmt!r}"
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            if re.search(pattern, value) is None:
                return f"does not match the pattern {pattern!r}"
        except re.error:
            pass  # a pattern Python's re cannot read (ECMA-only syntax) is not checked
    low, high = schema.get("minLength"), schema.get("maxLength")
    if isinstance(low, int) and len(value) < low:
        return f"is shorter than {low} characters"
    if isinstance(high, int) and len(value) > high:
        return f"is longer than {high} characters"
    if number is not None:
        minimum, maximum = schema.get("minimum"), schema.get("maximum")
        if isinstance(minimum, int | float) and number < minimum:
            return f"is below the minimum {minimum}"
        if isinstance(maximum, int | float) and number > maximum:
            return f"is above the maximum {maximum}"
    return None


def _wire(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _format_fits(fmt: object, value: str) -> bool:
    try:
        if fmt == "uuid":
            uuid.UUID(value)
        elif fmt == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return False
            datetime.date.fromisoformat(value)
        elif fmt == "date-time":
            datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _has_credential(auth: AuthSpec, request: httpx.Request) -> bool:
    if auth.kind == "bearer":
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and bool(token.strip())
    if auth.kind == "basic":
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            return ":" in base64.b64decode(encoded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
    if auth.location == "header":
        return bool(request.headers.get(auth.name, "").strip())
    if auth.location == "query":
        return bool(request.url.params.get(auth.name, ""))
    return bool(_cookies(request).get(auth.name, ""))


def _scheme_text(auth: AuthSpec) -> str:
    if auth.kind == "bearer":
        return "Authorization: Bearer <token>"
    if auth.kind == "basic":
        return "Authorization: Basic <user:password in base64>"
    return f"the API key in {auth.location} {auth.name!r}"


def _cookies(request: httpx.Request) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in request.headers.get_list("cookie"):
        for pair in header.split(";"):
            name, sep, value = pair.strip().partition("=")
            if sep:
                jar[name] = value
    return jar
