"""What a vendor's generated test fake needs from the spec, as the templates see it.

The builder (:mod:`generator.fake_build`) reads it from the document once; the fake's
runtime (``templates/testing/``) reads it back from the JSON the template writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.escape import PySource, literal
from generator.imports import sorted_members
from generator.names import Identifier


@dataclass(frozen=True, slots=True)
class FakeSpec:
    """One vendor's fake: its class name, and the spec facts it checks and answers with.

    ``data`` is JSON text: operations (method, path, parameters and their schemas, the
    documented success and error answers with a sample body each), the credential scheme,
    the job binding. Every string in it came from the spec; it reaches the module only as
    escaped string literals.
    """

    class_name: Identifier
    client_class: Identifier
    async_client_class: Identifier
    data: str

    @property
    def data_lines(self) -> tuple[PySource, ...]:
        """The JSON as string literals, one line each (implicitly concatenated)."""
        text = json.dumps(json.loads(self.data), indent=1, ensure_ascii=True)
        return tuple(literal(line + "\n") for line in text.split("\n"))

    @property
    def client_imports(self) -> tuple[PySource, ...]:
        """The client classes, in import order."""
        names = (str(self.client_class), str(self.async_client_class))
        return tuple(PySource(name) for name in sorted_members(names))
