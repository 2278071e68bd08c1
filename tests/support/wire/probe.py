"""Every operation of one document, called through its generated clients against Prism.

``python -m tests.support.wire.probe SPEC SERVED OUT PACKAGE`` runs in a fresh
interpreter beside the package generated into OUT, starts Prism serving SERVED (SPEC, or
the copy of it that Prism can read: see ``runner``), and prints one JSON line per call:
the operation, the variant (``required``: required arguments only; ``full``: the
optional ones too), the client (``sync``, ``async``), the verdict (``ok``, ``client``,
``prism``, ``untestable``), its kind (a client fault's family), and the reason. Calls
are made one at a time; each refused request's witness (see ``handmade``) is sent once
per operation and variant. When Prism dies on a request, the call is Prism's fault,
Prism is started again and the operation's other calls are not made (they would kill
it again).
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from generator.model.source import Located
from tests.support.prism import start_prism
from tests.support.wire import handmade, judge
from tests.support.wire.package import Method, Package, load
from tests.support.wire.spec import Spec, SpecOperation

CREDENTIAL = handmade.USER_PASSWORD
TIMEOUT = 60.0
VARIANTS = ("required", "full")
# Prism reads the largest documents for tens of seconds, longer with another beside it.
STARTUP_TIMEOUT = 300.0


@dataclass
class Verdict:
    op: str
    variant: str
    client: str  # sync, async, or "" when no call could be made
    verdict: str  # ok, client, prism, untestable
    family: str = ""
    reason: str = ""


class NoValue(Exception):
    """No value the document's schema accepts could be built."""


@dataclass
class Arguments:
    """One call's arguments: JSON values by wire place, and the typed keywords."""

    params: dict[tuple[str, str], Any] = field(default_factory=dict)
    body: tuple[str, Any] | None = None  # media type and JSON value
    keywords: dict[str, Any] = field(default_factory=dict)

    def same_as(self, other: Arguments) -> bool:
        return self.params == other.params and self.body == other.body


@dataclass
class Exchange:
    """What a call ended with: an exception or none, and the last request and answer."""

    error: BaseException | None
    request: httpx.Request | None
    response: httpx.Response | None


class Recorder:
    """httpx event hooks keeping the last request sent and the last answer."""

    def __init__(self) -> None:
        self.request: httpx.Request | None = None
        self.response: httpx.Response | None = None

    def reset(self) -> None:
        self.request = self.response = None

    def on_request(self, request: httpx.Request) -> None:
        self.request = request

    def on_response(self, response: httpx.Response) -> None:
        self.response = response

    async def on_request_async(self, request: httpx.Request) -> None:
        self.request = request

    async def on_response_async(self, response: httpx.Response) -> None:
        self.response = response


class Probe:
    def __init__(self, spec: Spec, package: Package, served: Path) -> None:
        self.spec = spec
        self.package = package
        self.served = served
        self.server = start_prism(served, startup_timeout=STARTUP_TIMEOUT)
        self.operations = list(spec.operations())
        self.routes = [(op.method, op.path) for op in self.operations]
        self.recorder = Recorder()
        self.witness_http = httpx.Client(timeout=TIMEOUT)
        self._witnessed: dict[tuple[str, str], tuple[httpx.Response | None, list[str], str]] = {}
        self._credentials = dict.fromkeys(package.credentials, CREDENTIAL)
        self.sync = self._sync_client()
        # Operations whose call killed Prism: the reason, for their remaining calls.
        self.killers: dict[str, str] = {}

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def _sync_client(self) -> Any:
        hooks: dict[str, list[Callable[..., Any]]] = {
            "request": [self.recorder.on_request],
            "response": [self.recorder.on_response],
        }
        return self.package.sync_client(
            base_url=self.base_url,
            max_retries=0,
            http_client=httpx.Client(timeout=TIMEOUT, event_hooks=hooks),
            **self._credentials,
        )

    def close(self) -> None:
        self.server.stop()
        self.server.log.close()

    def _crashed(self, op: SpecOperation) -> Verdict | None:
        """When Prism died on the call: the verdict, after starting it again."""
        try:
            self.server.process.wait(timeout=2.0)  # a dying Prism takes a moment to go
        except subprocess.TimeoutExpired:
            return None
        lines = [line for line in self.server.output().splitlines() if "Error" in line]
        reason = f"Prism died on the request ({lines[0].strip() if lines else 'no message'})"
        self.killers[op.label] = reason[:300]
        self.close()
        self.server = start_prism(self.served, startup_timeout=STARTUP_TIMEOUT)
        self.sync = self._sync_client()
        return self._verdict(op, "prism", "prism-died", reason[:300])

    def _header_crash(self, op: SpecOperation) -> str | None:
        """Prism dies checking its own answer when a header of it has an array or object
        schema (it deserialises the value it did not write: ``null.split``)."""
        codes = sorted(k for k in op.responses if k.startswith("2"))
        if not codes:
            return None
        answer = op.responses[codes[0]]
        headers = answer.value.get("headers")
        if not isinstance(headers, dict):
            return None
        for name in headers:
            schema = self.spec.child(answer, "headers", name, "schema")
            kind = judge.shape(self.spec, schema)
            if kind in ("array", "object"):
                return (
                    f"Prism dies on its own answer's {name!r} header (an {kind} schema): not called"
                )
        return None

    # ------------------------------------------------------------ arguments

    def param_value(self, param: Any) -> Any:
        schema = param.schema
        if schema is None:
            raise NoValue(f"{param.location} parameter {param.name!r} has no schema")
        candidates: list[Any] = []
        found, example = self.spec.example(param.node, schema)
        if found:
            candidates.append(example)
        candidates.append(self.spec.sample(schema, lean=False))
        return self._fitting(candidates, schema, f"{param.location} parameter {param.name!r}")

    def body_value(self, media: str, entry: Located, *, lean: bool) -> Any:
        schema = self.spec.child(entry, "schema")
        if schema is None:
            raise NoValue(f"the {media} body has no schema")
        candidates: list[Any] = []
        if not lean:
            found, example = self.spec.example(entry, schema)
            if found:
                candidates.append(example)
        candidates.append(self.spec.sample(schema, lean=lean))
        if lean:
            candidates.append(self.spec.sample(schema, lean=False))
        return self._fitting(candidates, schema, f"the {media} body")

    def _fitting(self, candidates: list[Any], schema: Located, what: str) -> Any:
        """The first candidate the schema accepts; null only when nothing else fits (a
        user calls with a value), an empty path segment never."""
        last: list[str] | None = []
        ordered = [c for c in candidates if c is not None] + [c for c in candidates if c is None]
        for candidate in ordered:
            if isinstance(candidate, str) and candidate == "" and what.startswith("path"):
                continue
            last = self.spec.problems(candidate, schema)
            if last == []:
                return candidate
        detail = "its schema cannot be checked" if last is None else "; ".join(last[:2])
        raise NoValue(f"no sample of {what} fits its schema ({detail})")

    def arguments(self, op: SpecOperation, method: Method, variant: str) -> Arguments:
        args = Arguments()
        full = variant == "full"
        for param in op.params:
            if param.required or full:
                try:
                    args.params[param.key] = self.param_value(param)
                except NoValue:
                    if param.required:
                        raise
        body = op.body
        if body is not None and body.content and (body.required or full):
            media = method.content_type if method.content_type in body.content else None
            media = media or next(iter(body.content))
            entry = body.content[media]
            args.body = (media, self.body_value(media, entry, lean=not full))
        return args

    def typed(self, op: SpecOperation, method: Method, args: Arguments) -> Verdict | None:
        """Fill ``args.keywords``; a client fault when a type refuses a valid value."""
        for key, value in args.params.items():
            keyword = method.params.get(key)
            if keyword is None:
                return self._verdict(
                    op, "client", "other", f"no keyword for the {key[0]} parameter {key[1]!r}"
                )
            try:
                args.keywords[keyword] = self.package.typed(method, keyword, value)
            except ValidationError as exc:
                param = next(p for p in op.params if p.key == key)
                assert param.schema is not None
                return self._type_fault(op, param.schema, value, exc, f"parameter {key[1]!r}")
        if args.body is not None:
            if method.body_kind is None:
                return self._verdict(op, "client", "other", "the method takes no body")
            media, value = args.body
            try:
                args.keywords["body"] = self.package.typed(method, "body", value)
            except ValidationError as exc:
                assert op.body is not None
                schema = self.spec.child(op.body.content[media], "schema")
                assert schema is not None
                return self._type_fault(op, schema, value, exc, "the body")
        return None

    def _type_fault(
        self, op: SpecOperation, schema: Located, value: Any, exc: ValidationError, what: str
    ) -> Verdict:
        errors = [dict(e) for e in exc.errors(include_url=False)]
        family, reason = judge.type_family(self.spec, schema, value, errors)
        return self._verdict(op, "client", family, f"{what}: the type refuses {reason}")

    def _verdict(
        self, op: SpecOperation, verdict: str, family: str = "", reason: str = ""
    ) -> Verdict:
        """A verdict on a call of ``op``; its variant and client are filled in by the caller."""
        return Verdict(op.label, "", "", verdict, family, reason)

    # ------------------------------------------------------------ calls

    def plan(self) -> Iterator[tuple[SpecOperation, Method | None, str, Arguments | Verdict]]:
        """Each call to make: the operation, its method, the variant, and its arguments
        (or the verdict that stops it before a call)."""
        for op in self.operations:
            method = self.package.methods.get((op.method, op.path))
            if method is None:
                yield (
                    op,
                    None,
                    "required",
                    self._verdict(op, "untestable", "no-method", "no method"),
                )
                continue
            undeclared = _undeclared(op)
            if undeclared:
                reason = f"the path names {undeclared}, which the document does not declare"
                yield (
                    op,
                    method,
                    "required",
                    self._verdict(op, "untestable", "undeclared-path-param", reason),
                )
                continue
            crash = self._header_crash(op)
            if crash is not None:
                yield (
                    op,
                    method,
                    "required",
                    self._verdict(op, "prism", "dies-on-array-header", crash),
                )
                continue
            previous: Arguments | None = None
            for variant in VARIANTS:
                try:
                    args = self.arguments(op, method, variant)
                except NoValue as exc:
                    yield (
                        op,
                        method,
                        variant,
                        self._verdict(op, "untestable", "no-valid-sample", str(exc)),
                    )
                    continue
                if previous is not None and args.same_as(previous):
                    continue  # no optional argument to add
                previous = args
                stopped = self.typed(op, method, args)
                yield op, method, variant, stopped or args

    def call_sync(self, method: Method, args: Arguments) -> Exchange:
        self.recorder.reset()
        try:
            result = getattr(self.sync, method.name)(**args.keywords)
            _consume(result)
        except Exception as exc:
            return Exchange(exc, self.recorder.request, self.recorder.response)
        return Exchange(None, self.recorder.request, self.recorder.response)

    async def call_async(self, client: Any, method: Method, args: Arguments) -> Exchange:
        self.recorder.reset()
        try:
            result = await getattr(client, method.name)(**args.keywords)
            _consume(result)
        except Exception as exc:
            return Exchange(exc, self.recorder.request, self.recorder.response)
        return Exchange(None, self.recorder.request, self.recorder.response)

    def run(self) -> list[Verdict]:
        verdicts: list[Verdict] = []
        planned: list[tuple[SpecOperation, str, Method, Arguments]] = []
        for op, method, variant, args in self.plan():
            if isinstance(args, Verdict):
                # Stopped before a call: so are both clients' calls.
                for client in ("sync", "async"):
                    verdicts.append(Verdict(op.label, variant, client, *_rest(args)))
                continue
            assert method is not None
            if op.label in self.killers:
                verdicts.extend(self._killed(op, variant, client) for client in ("sync", "async"))
                continue
            planned.append((op, variant, method, args))
            exchange = self.call_sync(method, args)
            verdicts.append(self.verdict_on(op, variant, "sync", args, exchange))
        verdicts.extend(asyncio.run(self._run_async(planned)))
        return verdicts

    def _killed(self, op: SpecOperation, variant: str, client: str) -> Verdict:
        reason = f"not called: an earlier call killed Prism: {self.killers[op.label]}"
        return Verdict(op.label, variant, client, "prism", "prism-died", reason[:300])

    async def _run_async(
        self, planned: list[tuple[SpecOperation, str, Method, Arguments]]
    ) -> list[Verdict]:
        hooks: dict[str, list[Callable[..., Any]]] = {
            "request": [self.recorder.on_request_async],
            "response": [self.recorder.on_response_async],
        }
        verdicts: list[Verdict] = []
        async with httpx.AsyncClient(timeout=TIMEOUT, event_hooks=hooks) as http:
            base_url = self.base_url
            client = self.package.async_client(
                base_url=base_url, max_retries=0, http_client=http, **self._credentials
            )
            for op, variant, method, args in planned:
                if op.label in self.killers:
                    verdicts.append(self._killed(op, variant, "async"))
                    continue
                if base_url != self.base_url:  # Prism was started again
                    base_url = self.base_url
                    client = self.package.async_client(
                        base_url=base_url, max_retries=0, http_client=http, **self._credentials
                    )
                exchange = await self.call_async(client, method, args)
                verdicts.append(self.verdict_on(op, variant, "async", args, exchange))
        return verdicts

    # ------------------------------------------------------------ verdicts

    def verdict_on(
        self, op: SpecOperation, variant: str, client: str, args: Arguments, exchange: Exchange
    ) -> Verdict:
        verdict = self._judge(op, variant, args, exchange)
        verdict.variant, verdict.client = variant, client
        return verdict

    def _judge(
        self, op: SpecOperation, variant: str, args: Arguments, exchange: Exchange
    ) -> Verdict:
        error, response = exchange.error, exchange.response
        runtime = self.package.runtime
        if error is None:
            return self._verdict(op, "ok")
        if response is not None and 200 <= response.status_code < 300:
            return self._unparsed(op, response, error)
        if not isinstance(error, runtime.APIError):
            return self._verdict(op, "client", "other", _describe(error))
        if isinstance(error, runtime.APIConnectionError) or response is None:
            crashed = self._crashed(op)
            if crashed is not None:
                return crashed
            return self._verdict(op, "untestable", "no-answer", f"no answer: {error}"[:300])
        status = response.status_code
        found = judge.refusal(response)
        if judge.is_answer_violation(found):
            assert found is not None
            return self._verdict(
                op,
                "prism",
                "answer-breaks-document",
                f"Prism's answer fails its own validation: {found.summary()}",
            )
        has_success = any(k.startswith("2") for k in op.responses)
        if judge.is_request_refusal(found) or (400 <= status < 500 and has_success):
            # Prism answers the lowest documented success unless it refuses the request.
            return self._refused(op, variant, args, exchange, found)
        if found is not None and status >= 500:
            return self._verdict(op, "untestable", "prism-error", f"Prism: {found.summary()}")
        documented = _documented(op, status)
        if not isinstance(error, runtime.APIStatusError):
            return self._verdict(op, "client", "other", _describe(error))
        if documented is not None and 300 <= status < 400:
            return self._verdict(op, "client", "redirect", f"the documented {status} answer raised")
        if documented is not None:
            return self._verdict(op, "ok", "", f"the documented {status} answer")
        return self._verdict(
            op,
            "untestable",
            "undocumented-status",
            f"Prism answered {status}, which the document does not list",
        )

    def _unparsed(
        self, op: SpecOperation, response: httpx.Response, error: BaseException
    ) -> Verdict:
        """A 2xx the client failed on: its fault only if the document accepts the body."""
        runtime = self.package.runtime
        if not isinstance(error, runtime.ResponseValidationError | ValidationError):
            return self._verdict(op, "client", "other", _describe(error))
        documented = _documented(op, response.status_code)
        schema = self._response_schema(documented, response) if documented else None
        if schema is None:
            return self._verdict(
                op, "untestable", "unchecked-answer", "the answer's schema is not documented"
            )
        try:
            data = json.loads(response.content)
        except ValueError:
            return self._verdict(op, "client", "other", "a JSON body the client could not read")
        problems = self.spec.problems(data, schema)
        if problems is None:
            return self._verdict(
                op, "untestable", "unchecked-answer", "the answer's schema cannot be checked"
            )
        if problems:
            return self._verdict(
                op,
                "prism",
                "example-breaks-document",
                f"Prism's example does not fit the document: {problems[0]}",
            )
        errors = (
            error.errors if isinstance(error, runtime.ResponseValidationError) else error.errors()
        )
        family, reason = judge.type_family(self.spec, schema, data, [dict(e) for e in errors])
        return self._verdict(op, "client", family, f"a valid answer fails to parse {reason}")

    def _response_schema(self, documented: Located, response: httpx.Response) -> Located | None:
        content = documented.value.get("content")
        if not isinstance(content, dict) or not content:
            return None
        sent = response.headers.get("content-type", "").split(";")[0].strip().lower()
        media = next((m for m in content if str(m).lower() == sent), None)
        media = media or next(iter(content))
        return self.spec.child(documented, "content", media, "schema")

    def _refused(
        self,
        op: SpecOperation,
        variant: str,
        args: Arguments,
        exchange: Exchange,
        found: judge.Refusal | None,
    ) -> Verdict:
        response, requirement, problem = self._witness(op, variant, args)
        assert exchange.response is not None
        found = found or judge.Refusal(exchange.response.status_code, "STATUS")
        if response is None:
            return self._verdict(
                op, "untestable", "witness-unavailable", f"refused ({found.summary()}); {problem}"
            )
        witnessed = judge.refusal(response)
        accepted = not judge.is_request_refusal(witnessed) and not (
            400 <= response.status_code < 500
        )
        if accepted:
            assert exchange.request is not None
            body_given = args.body is not None
            media = args.body[0] if args.body is not None else None
            family, reason = judge.refusal_family(
                self.spec, op, found, exchange.request, requirement, body_given, media
            )
            return self._verdict(op, "client", family, f"refused, the witness is not: {reason}")
        if judge.routes(self.routes, op.method, httpx.URL(str(response.url)).path) > 1:
            return self._verdict(
                op,
                "prism",
                "wrong-route",
                f"two routes match the path; Prism took the other: {found.summary()}",
            )
        seen = witnessed or judge.Refusal(response.status_code, "STATUS")
        if args.body is not None and _is_form(args.body[0]):
            messages = " ".join(str(v.get("message", "")) for v in seen.request)
            if "must be array" in messages:
                return self._verdict(
                    op,
                    "prism",
                    "form-array-field",
                    "Prism reads an array field of a form body, sent "
                    f"as repeated fields, as a string: {seen.summary()}",
                )
        return self._verdict(
            op,
            "untestable",
            "witness-refused",
            f"Prism refuses the document's own request too: {seen.summary()}",
        )

    def _witness(
        self, op: SpecOperation, variant: str, args: Arguments
    ) -> tuple[httpx.Response | None, list[str], str]:
        key = (op.label, variant)
        known = self._witnessed.get(key)
        if known is None:
            try:
                witness = handmade.build(self.spec, op, self.base_url, args.params, args.body)
            except handmade.Unserialisable as exc:
                known = (None, [], f"the witness cannot be written: {exc}")
            else:
                try:
                    response = self.witness_http.send(witness.request)
                    response.read()
                except httpx.TransportError as exc:
                    crashed = self._crashed(op)
                    reason = crashed.reason if crashed is not None else _describe(exc)
                    known = (None, witness.requirement, f"the witness got no answer: {reason}")
                else:
                    known = (response, witness.requirement, "")
            self._witnessed[key] = known
        return known


def _documented(op: SpecOperation, status: int) -> Located | None:
    for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
        if key in op.responses:
            return op.responses[key]
    return None


def _undeclared(op: SpecOperation) -> list[str]:
    """Names in the path template that no path parameter declares."""
    declared = {p.name for p in op.params if p.location == "path"}
    return [n for n in re.findall(r"\{([^{}]+)\}", op.path) if n not in declared]


def _rest(verdict: Verdict) -> tuple[str, str, str]:
    return verdict.verdict, verdict.family, verdict.reason


def _is_form(media: str) -> bool:
    return media.startswith(("multipart/", "application/x-www-form-urlencoded"))


def _consume(result: Any) -> None:
    if isinstance(result, Iterator):
        for _ in result:
            pass


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def main(argv: list[str]) -> None:
    spec_path, served, out, package_name = argv
    started = time.perf_counter()
    spec = Spec(Path(spec_path))
    package = load(Path(out), package_name)
    loaded = time.perf_counter() - started
    probe = Probe(spec, package, Path(served))
    try:
        verdicts = probe.run()
    finally:
        probe.close()
    for verdict in verdicts:
        print(json.dumps(asdict(verdict)))
    seconds = time.perf_counter() - started
    print(
        json.dumps({"done": True, "load_seconds": round(loaded, 2), "seconds": round(seconds, 2)})
    )


if __name__ == "__main__":
    main(sys.argv[1:])
