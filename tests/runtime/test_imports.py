"""What importing the package loads: each vendor only on use, and for a vendor's client
neither pydantic, the vendor's models nor asyncio until they are needed.

Each check runs in a fresh interpreter: this test process has long since imported
everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

from jobclients import VENDORS


def _fresh(code: str) -> Any:
    """Run ``code`` in a new interpreter; it prints one JSON value, which is returned."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def test_import_jobclients_loads_no_vendor_module() -> None:
    loaded = _fresh(
        """
        import json, sys
        import jobclients
        print(json.dumps(sorted(m for m in sys.modules if m.startswith("jobclients."))))
        """
    )
    assert not [m for m in loaded if m.split(".")[1] in VENDORS]


def test_import_of_one_vendor_loads_no_other_and_none_of_pydantic_models_or_asyncio() -> None:
    loaded = _fresh(
        """
        import json, sys
        import jobclients.finch
        print(json.dumps(sorted(sys.modules)))
        """
    )
    vendors = {m.split(".")[1] for m in loaded if m.startswith("jobclients.")} & set(VENDORS)
    assert vendors == {"finch"}
    assert "jobclients.finch.client" in loaded
    for heavy in ("pydantic", "pydantic_core", "jobclients.finch.models", "asyncio"):
        assert heavy not in loaded, heavy


def test_the_first_response_loads_the_models_and_parses_into_them() -> None:
    result = _fresh(
        """
        import json, sys
        import httpx
        from jobclients.finch import FinchClient

        def answer(request):
            job = {"job_id": "497d98f3-580a-4ab9-830a-af2346d029b2", "status": "complete"}
            return httpx.Response(200, json=job)

        client = FinchClient(
            access_token="test-token",
            base_url="https://finch.test",
            http_client=httpx.Client(transport=httpx.MockTransport(answer)),
        )
        before = "jobclients.finch.models" in sys.modules
        job = client.get_job("497d98f3-580a-4ab9-830a-af2346d029b2")
        print(json.dumps({
            "before": before,
            "after": "jobclients.finch.models" in sys.modules,
            "type": f"{type(job).__module__}.{type(job).__name__}",
            "status": str(client.status_of(job)),
            "asyncio": "asyncio" in sys.modules,
        }))
        """
    )
    assert result == {
        "before": False,
        "after": True,
        "type": "jobclients.finch.models.ManualAsyncJob",
        "status": "succeeded",
        "asyncio": False,
    }


def test_every_exported_name_resolves_and_models_are_the_models_modules() -> None:
    result = _fresh(
        """
        import json
        import jobclients.finch as finch
        import jobclients.finch.models as models
        names = {name: type(getattr(finch, name)).__name__ for name in finch.__all__}
        print(json.dumps({
            "names": names,
            "same": finch.ManualAsyncJob is models.ManualAsyncJob,
        }))
        """
    )
    assert result["same"] is True
    assert set(result["names"]) >= {"FinchClient", "AsyncFinchClient", "ManualAsyncJob"}


def test_an_unknown_name_is_an_attribute_error() -> None:
    message = _fresh(
        """
        import json
        import jobclients.finch
        try:
            jobclients.finch.NoSuchModel
        except AttributeError as exc:
            print(json.dumps(str(exc)))
        """
    )
    assert message == "module 'jobclients.finch' has no attribute 'NoSuchModel'"
