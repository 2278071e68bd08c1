"""What generated code declares once per operation, and the options of one call."""

from __future__ import annotations

import datetime
import importlib
import threading
import typing
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ._retry import RetryPolicy
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from ._pagination import Paging

T = TypeVar("T")
V = TypeVar("V")


class BodyType(Generic[T]):
    """A declared body type: its annotation, as written in the vendor's models module.

    Resolved, and its pydantic TypeAdapter built, on first use. Importing a client thus
    loads neither pydantic nor the vendor's models: they load with the first body read or
    written. The annotation is generator-written source over a fixed vocabulary (the
    models' names, builtins, typing's Annotated/Literal/Any, pydantic's Field,
    Discriminator and Tag, the runtime's Model, PrefixItems and discriminate, the date,
    time and UUID types) and is evaluated as ``typing.get_type_hints`` evaluates a
    string annotation, in the models module's namespace.
    """

    __slots__ = ("_adapter", "annotation", "models")

    def __init__(self, models: str, annotation: str) -> None:
        self.models = models  # "jobclients.finch.models"
        self.annotation = annotation  # "ManualAsyncJob", "list[Pet] | None"
        self._adapter: TypeAdapter[T] | None = None

    @property
    def adapter(self) -> TypeAdapter[T]:
        adapter = self._adapter
        if adapter is None:
            with (
                _resolving
            ):  # one build per type, even when threads race to the first call
                adapter = self._adapter
                if adapter is None:
                    adapter = self._adapter = _resolve(self.models, self.annotation)
        return adapter

    def __repr__(self) -> str:
        return f"BodyType({self.models!r}, {self.annotation!r})"


_resolving = threading.Lock()


def _resolve(models: str, annotation: str) -> TypeAdapter[Any]:
    from pydantic import Discriminator, Field, Tag, TypeAdapter

    from ._model import Model, PrefixItems, discriminate

    namespace: dict[str, Any] = {
        "Annotated": typing.Annotated,
        "Any": typing.Any,
        "Literal": typing.Literal,
        "Field": Field,
        "Discriminator": Discriminator,
        "Tag": Tag,
        "Model": Model,
        "PrefixItems": PrefixItems,
        "discriminate": discriminate,
        "UUID": uuid.UUID,
        "date": datetime.date,
        "datetime": datetime.datetime,
        "time": datetime.time,
        "timedelta": datetime.timedelta,
    }
    # The module's own names win, as they do for the annotations written inside it.
    namespace.update(vars(importlib.import_module(models)))
    return TypeAdapter(eval(annotation, namespace))


@dataclass(frozen=True)
class ResponseSpec(Generic[T]):
    """How one declared response body is read."""

    kind: Literal["json", "text", "bytes", "empty", "events", "lines"]
    # For "json": validates the body; for "lines", each line. None reads plain JSON.
    body: BodyType[T] | None = None


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One API operation; ``T`` is what a successful call returns."""

    name: str  # the Python method name, for logs and messages
    method: str  # "GET"
    # "/jobs/manual/{job_id}"; kept as the spec writes it, trailing slash included.
    path: str
    # Keyed "200", "2XX" or "default"; see lookup().
    responses: Mapping[str, ResponseSpec[Any]]
    # Declared bodies of non-2xx answers, same keys.
    errors: Mapping[str, BodyType[Any]]
    # Whether the client's credential is sent with it.
    secured: bool
    # A list operation's paging (its method returns a Page); None for any other.
    paging: Paging | None = None
    # The Accept header: the media types its answers are documented in, most preferred
    # first (an operation answering a PDF must not ask for JSON).
    accept: str = "application/json"


def lookup(table: Mapping[str, V], status_code: int) -> V | None:
    """The entry for a status: exact ("404"), then its range ("4XX"), then "default"."""
    for key in (str(status_code), f"{status_code // 100}XX", f"{status_code // 100}xx"):
        if key in table:
            return table[key]
    return table.get("default")


@dataclass(frozen=True)
class RequestOptions:
    """Per-call settings; NOT_GIVEN means "as the client is configured"."""

    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    retry_policy: RetryPolicy | NotGiven = NOT_GIVEN
    # Seconds for the whole call, retries and waits included; None: no limit.
    total_timeout: float | NotGiven | None = NOT_GIVEN
