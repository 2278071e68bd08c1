"""Fakes of the vendors' APIs for testing code that uses the clients, offline and at once.

Each vendor module has its own, generated from its spec: ``jobclients.finch.testing``
holds ``FakeFinch``. This package is their shared machinery: :class:`FakeVendor` (the
in-memory vendor, its job lifecycles and failure injection), :class:`FakeClock`, and the
checks of each request against the spec, which raise :class:`SpecViolation`.
"""

from ._clock import FakeClock
from ._fake import FakeVendor, Violation
from ._spec import ApiSpec, SpecViolation, load_spec, load_spec_file

__all__ = [
    "ApiSpec",
    "FakeClock",
    "FakeVendor",
    "SpecViolation",
    "Violation",
    "load_spec",
    "load_spec_file",
]
