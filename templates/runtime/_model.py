"""The base of every generated model: tolerant of what vendors add later."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Unpack, get_args, get_origin

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema


class Model(BaseModel):
    """A response or request body.

    Unknown fields are kept (``extra="allow"``), so a vendor adding a field never breaks a
    client; fields are filled by their wire name or their Python name.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        use_attribute_docstrings=True,
    )


OTHER_TAG = "other"
"""The tag of a discriminated union's catch-all member, a plain :class:`Model`."""


def discriminate(prop: str, tags: Mapping[str, str]) -> Callable[[Any], str]:
    """For a discriminated union: the tag of the member a value's ``prop`` picks.

    Reads a mapping (JSON being parsed) or a model (a value being re-validated). A value
    the spec does not map, or none at all, picks the catch-all member: a vendor's new
    variant parses, as a Model keeping every field, instead of failing the response.
    """

    def pick(value: Any) -> str:
        if isinstance(value, Model) and type(value) is Model:
            return OTHER_TAG
        found = (
            value.get(prop) if isinstance(value, dict) else getattr(value, prop, None)
        )
        return tags.get(found, OTHER_TAG) if isinstance(found, str) else OTHER_TAG

    return pick


class PrefixItems:
    """Marks ``tuple[A, B, *tuple[C, ...]]`` (``prefixItems``, then any number of C).

    Type checkers read the unpacked tuple as written; pydantic reads it no other way than
    through this marker: the typed positions, then the rest, each validated as typed.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        *head, last = get_args(source)
        # `*tuple[C, ...]` as written, or `Unpack[tuple[C, ...]]` as a string
        # annotation evaluates to: either way C.
        unpacked = get_args(last)[0] if get_origin(last) is Unpack else last
        rest = get_args(unpacked)[0]
        return core_schema.tuple_schema(
            [handler.generate_schema(item) for item in [*head, rest]],
            variadic_item_index=len(head),
        )
