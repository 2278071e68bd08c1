"""What a vendor's generated test fake needs from the spec, as the templates see it.

The builder (:mod:`generator.builder.fake`) reads it from the document once; the fake's
runtime (``templates/testing/``) reads it back from the JSON the template writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.escape import PySource
from generator.model.imports import sorted_members
from generator.model.names import Identifier

# The fake's spec facts, beside the vendor module's testing.py.
FAKE_DATA_FILE = "_fake_spec.json"


@dataclass(frozen=True, slots=True)
class FakeSpec:
    """One vendor's fake: its class name, and the spec facts it checks and answers with.

    ``data`` is JSON text: operations (method, path, parameters and their schemas, the
    documented success and error answers with a sample body each), the credential scheme,
    the job binding. It is written beside the module as a data file (``FAKE_DATA_FILE``), not
    as code: no spec text reaches Python source, and ruff and mypy have nothing to read
    in it (GitHub's document makes megabytes of it).
    """

    class_name: Identifier
    client_class: Identifier
    async_client_class: Identifier
    data: str
    data_file: str = FAKE_DATA_FILE

    @property
    def client_imports(self) -> tuple[PySource, ...]:
        """The client classes, in import order."""
        names = (str(self.client_class), str(self.async_client_class))
        return tuple(PySource(name) for name in sorted_members(names))
