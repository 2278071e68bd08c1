"""Security and servers: which credential the client sends, how, and where to.

A client applies one credential scheme (the first any operation asks for, operations
in path order and a requirement's schemes by name) and starts from the document's first
server, its variables at their defaults.
"""

from __future__ import annotations

from typing import Any

from generator.builder.context import BuildContext
from generator.builder.operations import operation_nodes, security_requirements
from generator.builder.schemas import component_entries
from generator.loader.document import RefError
from generator.model.api import Auth
from generator.model.findings import Severity, pointer_join
from generator.model.source import Located


def client_auth(ctx: BuildContext) -> tuple[Auth | None, bool]:
    """The client's credential scheme, and whether every operation requires it."""
    scheme_nodes = dict(component_entries(ctx.doc, "securitySchemes", ctx.findings))
    schemes = {key: node.value for key, node in scheme_nodes.items()}
    chosen: str | None = None
    always = True
    any_secured = False
    for _path, _method, _item, op in operation_nodes(ctx):
        requirements = security_requirements(ctx, op.value)
        named = [r for r in requirements if isinstance(r, dict) and r]
        if not named:
            continue
        any_secured = True
        if any(isinstance(r, dict) and not r for r in requirements):
            always = False
        if chosen is None:
            chosen = min(str(key) for key in named[0])
    if chosen is None or not isinstance(schemes, dict) or chosen not in schemes:
        return None, False
    where = scheme_nodes[chosen]
    try:
        scheme = ctx.doc.deref(where).value
    except RefError as exc:
        ctx.error(where, "dangling-ref", f"{exc}; the client sends no credential.")
        return None, False
    auth = _auth_from_scheme(scheme)
    _report_unmet(ctx, chosen, _alike(ctx, scheme_nodes, auth) if auth else {chosen})
    if auth is None:
        ctx.findings.append(
            ctx.doc.finding(
                where,
                Severity.WARNING,
                "security-scheme",
                f"the security scheme {chosen!r} is not one the client can apply "
                "(http bearer/basic, apiKey, oauth2 or openIdConnect tokens); none is sent.",
            )
        )
    return auth, always and any_secured


def _alike(ctx: BuildContext, scheme_nodes: dict[str, Located], auth: Auth) -> set[str]:
    """The schemes the client's credential meets: those applied the same way (two
    bearer schemes take the same header; which token is right is the caller's)."""
    alike: set[str] = set()
    for key, node in scheme_nodes.items():
        try:
            value = ctx.doc.deref(node).value
        except RefError:
            continue
        if _auth_from_scheme(value) == auth:
            alike.add(str(key))
    return alike


def _report_unmet(ctx: BuildContext, chosen: str, alike: set[str]) -> None:
    """Operations no requirement of which the client's one credential meets: a
    requirement naming several schemes needs them all at once (``{clientId: [], secret:
    []}``), and one naming another scheme needs that one. The server will refuse such
    calls unless the caller adds what is missing; one warning per distinct need, at the
    first operation that has it, with the count."""
    unmet: dict[str, list[Located]] = {}
    for _path, _method, _item, op in operation_nodes(ctx):
        requirements = security_requirements(ctx, op.value)
        named = [sorted(str(k) for k in r) for r in requirements if isinstance(r, dict)]
        if not named or any(not r or (len(r) == 1 and r[0] in alike) for r in named):
            continue
        need = " or ".join(dict.fromkeys(" and ".join(r) for r in named))
        own = "security" in op.value
        where = Located(
            op.file if own else ctx.doc.root,
            pointer_join(op.pointer, "security") if own else "/security",
            op.value.get("security") if own else ctx.doc.data.get("security"),
        )
        unmet.setdefault(need, []).append(where)
    for need, places in unmet.items():
        others = f" (and {len(places) - 1} more operations)" if len(places) > 1 else ""
        ctx.findings.append(
            ctx.doc.finding(
                places[0],
                Severity.WARNING,
                "security-unmet",
                f"this operation{others} needs {need}, but the client sends one credential, "
                f"{chosen!r}: the server will refuse such calls unless the caller adds the "
                "rest (extra_headers= or extra_query= per call, default_headers= per client).",
            )
        )


def server_url(ctx: BuildContext) -> str:
    """The first server's URL with its variables at their defaults; "" if none."""
    servers = ctx.doc.data.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return ""
    url = servers[0].get("url")
    if not isinstance(url, str):
        return ""
    variables = servers[0].get("variables")
    if isinstance(variables, dict):
        for key, var in variables.items():
            if isinstance(var, dict) and isinstance(var.get("default"), str):
                url = url.replace("{" + str(key) + "}", var["default"])
    return url


def _auth_from_scheme(scheme: Any) -> Auth | None:
    if not isinstance(scheme, dict):
        return None
    kind = scheme.get("type")
    if kind == "http":
        name = str(scheme.get("scheme", "")).lower()
        if name == "bearer":
            return Auth("bearer")
        if name == "basic":
            return Auth("basic")
        return None
    if kind == "apiKey":
        location = scheme.get("in")
        if location in ("header", "query", "cookie") and isinstance(scheme.get("name"), str):
            return Auth("apiKey", scheme["name"], location)
        return None
    if kind in ("oauth2", "openIdConnect"):
        return Auth("bearer")
    return None
