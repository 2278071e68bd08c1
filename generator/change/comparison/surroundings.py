"""The rules around the operations: the client's names, auth, servers, the job binding."""

from __future__ import annotations

from typing import Any

from generator.change.comparison.judge import Judge, at_of

# What a program names to use the client: its import, classes, keyword and variables.
_CLIENT_NAMES = (
    ("module", "module"),
    ("class", "class"),
    ("async_class", "async class"),
    ("credential", "credential keyword"),
    ("credential_env", "credential environment variable"),
    ("base_url_env", "base-URL environment variable"),
)


class ClientRules(Judge):
    def _client(self) -> None:
        old, new = self.old["client"], self.new["client"]
        for key, what in _CLIENT_NAMES:
            if old.get(key) != new.get(key):
                self.add(
                    "client-renamed",
                    "breaking",
                    f"the client's {what} is now {new.get(key)!r} (was {old.get(key)!r}).",
                    python=new.get("class"),
                )
        if old.get("api_version") != new.get("api_version"):
            self.add(
                "api-version-changed",
                "info",
                f"info.version is now {new.get('api_version')!r} (was {old.get('api_version')!r}).",
            )
        for key in ("title", "description"):
            if old.get(key) != new.get(key):
                self.add("api-description-changed", "info", f"the API's {key} changed.")
        old_auth, new_auth = self.old["auth"], self.new["auth"]
        if old_auth is None and new_auth is not None:
            self.add(
                "auth-became-required" if new_auth.get("required") else "auth-changed",
                "breaking",
                f"the client now sends a credential ({_auth_text(new_auth)}).",
            )
        elif old_auth is not None and new_auth is None:
            self.add("auth-changed", "breaking", "the client no longer sends any credential.")
        elif old_auth is not None and new_auth is not None:
            if {k: v for k, v in old_auth.items() if k != "required"} != {
                k: v for k, v in new_auth.items() if k != "required"
            }:
                self.add(
                    "auth-changed",
                    "breaking",
                    f"the credential is now sent as {_auth_text(new_auth)} "
                    f"(was {_auth_text(old_auth)}).",
                )
            if old_auth.get("required") != new_auth.get("required"):
                if new_auth.get("required"):
                    self.add("auth-became-required", "breaking", "the credential is now required.")
                else:
                    self.add("auth-became-optional", "info", "the credential is now optional.")

    def _security_schemes(self) -> None:
        old_all: dict[str, Any] = self.old["security_schemes"]
        new_all: dict[str, Any] = self.new["security_schemes"]
        for name in sorted(set(old_all) | set(new_all)):
            old, new = old_all.get(name), new_all.get(name)
            if old is None:
                self.add(
                    "security-scheme-added", "info", f"new security scheme {name!r}.", at=at_of(new)
                )
                continue
            if new is None:
                self.add(
                    "security-scheme-removed",
                    "warning",
                    f"the security scheme {name!r} is gone.",
                    at=at_of(old),
                )
                continue
            for key in ("type", "scheme", "in", "name"):
                if old.get(key) != new.get(key):
                    self.add(
                        "security-scheme-changed",
                        "warning",
                        f"the {key} of the security scheme {name!r} is now {new.get(key)!r} "
                        f"(was {old.get(key)!r}).",
                        at=at_of(new),
                    )
            before, after = set(old.get("scopes", [])), set(new.get("scopes", []))
            for scope in sorted(after - before):
                self.add(
                    "security-scope-added",
                    "info",
                    f"{name!r} offers the new scope {scope!r}.",
                    at=at_of(new),
                )
            for scope in sorted(before - after):
                self.add(
                    "security-scope-removed",
                    "warning",
                    f"{name!r} no longer offers the scope {scope!r}.",
                    at=at_of(new),
                )

    def _servers(self) -> None:
        old_client, new_client = self.old["client"], self.new["client"]
        old_url, new_url = old_client.get("base_url"), new_client.get("base_url")
        new_servers: list[Any] = self.new["servers"]
        old_servers: list[Any] = self.old["servers"]
        if old_url != new_url:
            self.add(
                "server-url-changed",
                "warning",
                f"the default base URL is now {new_url!r} (was {old_url!r}).",
                at=at_of(new_servers[0]) if new_servers else None,
            )
        before = {s.get("url"): s for s in old_servers[1:]}
        after = {s.get("url"): s for s in new_servers[1:]}
        before.pop(new_servers[0].get("url") if new_servers else None, None)
        after.pop(old_servers[0].get("url") if old_servers else None, None)
        for url in sorted(set(after) - set(before), key=str):
            self.add("server-added", "info", f"new server {url!r}.", at=at_of(after[url]))
        for url in sorted(set(before) - set(after), key=str):
            self.add(
                "server-removed", "info", f"the server {url!r} is gone.", at=at_of(before[url])
            )

    # ------------------------------------------------------------ the job binding

    def _job(self) -> None:
        old, new = self.old["job"], self.new["job"]
        if old is None and new is None:
            return
        if old is None:
            self.add(
                "job-binding-added", "info", "the client can now wait for jobs.", at=at_of(new)
            )
            return
        if new is None:
            self.add(
                "job-binding-removed",
                "breaking",
                "status_of and wait_for_job are gone.",
                at=at_of(old),
            )
            return
        self._retrieval(old, new, "operation", "jobs")
        self._statuses(old, new, at_of(new), new.get("python"))

    def _statuses(
        self, old: dict[str, Any], new: dict[str, Any], at: dict[str, Any], python: Any
    ) -> None:
        """The status field and the mapping of one kind (or of the job binding)."""
        if old.get("status_field") != new.get("status_field"):
            self.add(
                "job-status-field-moved",
                "breaking",
                f"the status is now read from {'.'.join(new.get('status_field') or [])} "
                f"(was {'.'.join(old.get('status_field') or [])}).",
                at=at,
                python=python,
            )
        before: dict[str, str] = old.get("statuses") or {}
        after: dict[str, str] = new.get("statuses") or {}
        for value in sorted(set(after) - set(before)):
            self.add(
                "job-status-added",
                "warning",
                f"new job status {value!r}, mapped to {after[value]}.",
                at=at,
                python=python,
            )
        for value in sorted(set(before) - set(after)):
            self.add(
                "job-status-removed",
                "warning",
                f"the job status {value!r} (was {before[value]}) is gone.",
                at=at,
                python=python,
            )
        for value in sorted(set(before) & set(after)):
            if before[value] != after[value]:
                self.add(
                    "job-status-remapped",
                    "breaking",
                    f"the job status {value!r} now means {after[value]} (was {before[value]}).",
                    at=at,
                    python=python,
                )

    # ------------------------------------------------------------ the kinds of job

    def _kinds(self) -> None:
        """Kinds and what each binds. A record written before kinds were recorded has
        no ``jobs``: its kinds are unknown, not absent, and nothing is said of them."""
        if "jobs" not in self.old or "jobs" not in self.new:
            return
        old: dict[str, Any] = self.old["jobs"] or {}
        new: dict[str, Any] = self.new["jobs"] or {}
        for name in sorted(set(new) - set(old)):
            self.add(
                "job-kind-added",
                "info",
                f"the client now handles {name!r} jobs.",
                at=at_of(new[name]),
                python=new[name].get("python"),
            )
        for name in sorted(set(old) - set(new)):
            self.add(
                "job-kind-removed",
                "breaking",
                f"the {name!r} jobs are gone, with their methods.",
                at=at_of(old[name]),
                python=old[name].get("python"),
            )
        # The first kind's retrieval and statuses are the job binding's, judged above.
        served = {(record or {}).get("python") for record in (self.old["job"], self.new["job"])}
        for name in sorted(set(old) & set(new)):
            primary = {old[name].get("python"), new[name].get("python")} <= served
            self._kind(name, old[name], new[name], primary)

    def _kind(self, name: str, old: dict[str, Any], new: dict[str, Any], primary: bool) -> None:
        at, python = at_of(new), new.get("python")
        if not primary:
            self._retrieval(old, new, "retrieve", f"{name!r} jobs")
            self._statuses(old, new, at, python)
        self._bound(name, old, new)

    def _retrieval(self, old: dict[str, Any], new: dict[str, Any], key: str, jobs: str) -> None:
        """Another operation (``key``: where the record names it) or model retrieves
        the jobs: the binding's, or one kind's."""
        if old.get(key) != new.get(key) or self.rename(str(old.get("model"))) != new.get("model"):
            self.add(
                "job-operation-changed",
                "breaking",
                f"{jobs} are now retrieved by {new.get(key)} as {new.get('model')} "
                f"(was {old.get(key)} as {old.get('model')}).",
                at=at_of(new),
                python=new.get("python"),
            )

    def _bound(self, name: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        """The kind's starts, and its list, cancel, retry and result bindings."""
        at, python = at_of(new), new.get("python")
        before: dict[str, Any] = old.get("starts") or {}
        after: dict[str, Any] = new.get("starts") or {}
        owner = str(python).partition(".")[0]
        for method in sorted(set(after) - set(before)):
            self.add(
                "job-start-added",
                "info",
                f"{method}() starts a {name!r} job ({after[method].get('operation')}).",
                at=at,
                python=f"{owner}.{method}",
            )
        for method in sorted(set(before) - set(after)):
            self.add(
                "job-start-removed",
                "breaking",
                f"{method}(), which started a {name!r} job, is gone.",
                at=at,
                python=f"{owner}.{method}",
            )
        for method in sorted(set(before) & set(after)):
            if before[method] != after[method]:
                self.add(
                    "job-start-changed",
                    "breaking",
                    f"{method}() now calls {after[method].get('operation')} and reads the "
                    f"job from {_fields(after[method])} (was {before[method].get('operation')}, "
                    f"{_fields(before[method])}).",
                    at=at,
                    python=f"{owner}.{method}",
                )
        for role in ("list", "cancel", "retry", "result", "result_field"):
            was, now = old.get(role), new.get(role)
            what = "result" if role == "result_field" else role
            if was == now:
                continue
            if was is None:
                self.add(
                    "job-call-added",
                    "info",
                    f"{name!r} jobs gain {what} ({_bound(now)}).",
                    at=at,
                    python=python,
                )
            elif now is None:
                self.add(
                    "job-call-removed",
                    "breaking",
                    f"{name!r} jobs lose {what} (was {_bound(was)}).",
                    at=at,
                    python=python,
                )
            else:
                self.add(
                    "job-call-changed",
                    "breaking",
                    f"{name!r} jobs' {what} is now {_bound(now)} (was {_bound(was)}).",
                    at=at,
                    python=python,
                )


def _fields(start: dict[str, Any]) -> str:
    kept = ", ".join(f"{k}={'.'.join(v)}" for k, v in sorted((start.get("keep") or {}).items()))
    ident = ".".join(start.get("id") or [])
    return f"id={ident}" + (f", {kept}" if kept else "")


def _bound(value: Any) -> str:
    """A bound call as a reader says it: the operation and what fills it, or a field."""
    if isinstance(value, list):
        return "the job's field " + ".".join(str(v) for v in value)
    if isinstance(value, dict):
        args = ", ".join(f"{k}<-{v}" for k, v in sorted((value.get("args") or {}).items()))
        return f"{value.get('operation')}" + (f" ({args})" if args else "")
    return str(value)


def _auth_text(auth: dict[str, Any]) -> str:
    if auth.get("kind") == "apiKey":
        return f"API key {auth.get('name')!r} in the {auth.get('in')}"
    return str(auth.get("kind"))
