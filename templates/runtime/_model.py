"""The base of every generated model: tolerant of what vendors add later."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


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
