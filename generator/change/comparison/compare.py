"""Compare two API records: what a caller of the old client notices in the new one.

Models are matched where they are defined, then by name, then an unmatched old model
with an unmatched new one of the same shape is a rename (a component renamed, or an
inline schema moved behind a ``$ref``): reported once as a renamed class, its fields
compared under the new name, never as fields removed and added. Places (``at``) never
count as changes. The rules live in :mod:`.operations`, :mod:`.models` and
:mod:`.surroundings`, their shared judgements in :mod:`.judge`.
"""

from __future__ import annotations

from typing import Any

from generator.change.comparison.models import ModelRules
from generator.change.comparison.operations import OperationRules
from generator.change.comparison.report import Report
from generator.change.comparison.surroundings import ClientRules


def compare_records(old: dict[str, Any], new: dict[str, Any]) -> Report:
    """Every change between two records (see :mod:`generator.change.comparison.rules`)."""
    return _Comparison(old, new).run()


class _Comparison(ClientRules, ModelRules, OperationRules):
    def run(self) -> Report:
        self._client()
        self._match_models()
        self._operations()
        self._models()
        self._security_schemes()
        self._servers()
        self._job()
        self._kinds()
        return Report(tuple(self.changes)).sorted()
