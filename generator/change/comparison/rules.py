"""The rule list: every kind of change ``diff`` reports, its level, and why.

One table, printed by ``python -m generator diff --rules`` and mirrored in the README.
``oasdiff`` names the closest rule of oasdiff's published checker where our verdict
differs from its level on purpose, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    # The level, or "breaking/info" where the direction or the place decides (the
    # message of each change says which applies).
    level: str
    what: str
    oasdiff: str = ""


RULES: tuple[Rule, ...] = (
    # operations
    Rule("operation-added", "info", "a new operation: a new client method"),
    Rule("operation-removed", "breaking", "an operation is gone: its method is gone"),
    Rule(
        "operation-renamed",
        "breaking",
        "the operation's Python method name changed (its operationId changed)",
        "api-operation-id-removed is info there; here the method callers call is renamed",
    ),
    Rule("operation-deprecated", "warning", "the operation became deprecated"),
    Rule("operation-undeprecated", "info", "the operation is no longer deprecated"),
    Rule("operation-summary-changed", "info", "documentation only"),
    Rule("operation-description-changed", "info", "documentation only"),
    Rule("operation-security-added", "breaking", "the operation now needs a credential"),
    Rule("operation-security-removed", "info", "the operation no longer needs a credential"),
    Rule(
        "operation-security-changed",
        "warning",
        "the schemes or scopes the operation asks for changed; a token may lack a new scope",
        "new required scopes are an error there; we cannot know a caller's token",
    ),
    # parameters (what the caller sends)
    Rule("parameter-added-required", "breaking", "a new required parameter"),
    Rule("parameter-added-optional", "info", "a new optional parameter"),
    Rule("parameter-removed", "breaking", "a parameter is gone: its keyword is gone"),
    Rule(
        "parameter-renamed",
        "breaking",
        "the parameter's Python keyword changed: the same wire name spelled another way, "
        "or a path parameter renamed in the path template (`{id}` to `{job_id}`)",
        "a path parameter renamed is no change there; keyword callers break here",
    ),
    Rule("parameter-became-required", "breaking", "an optional parameter is now required"),
    Rule("parameter-became-optional", "info", "a required parameter is now optional"),
    Rule(
        "parameter-moved",
        "warning",
        "the parameter is sent elsewhere (query, header, path, cookie); the keyword stays",
        "an error there (remove + add); the regenerated client sends it where it now goes",
    ),
    Rule(
        "parameter-type-changed",
        "breaking/info",
        "the parameter's Python type changed: breaking unless every old value is still "
        "accepted (then info)",
    ),
    Rule(
        "parameter-became-enum",
        "breaking",
        "the parameter now takes only an enum's values: its Python type (the enum or any "
        "str) is wider, but the server refuses any other string",
    ),
    Rule(
        "parameter-format-changed",
        "breaking/warning",
        "the parameter's format changed without changing its Python type: breaking when a "
        "numeric format allows fewer values (int64 to int32, double to float), else a warning",
        "a format set or changed is an error there unless it widens; a format written where "
        "there was none mostly says what the server already did",
    ),
    Rule(
        "parameter-default-changed",
        "warning",
        "the parameter's default changed: a call that leaves it out means something else",
        "info there since oasdiff 1.30; a call's meaning changes silently",
    ),
    Rule(
        "parameter-constraint-tightened",
        "breaking",
        "length, range, pattern or item limits narrowed: a value the server accepted is "
        "now rejected (a pattern changed to another may refuse one)",
        "a pattern changed to another is a warning there; a value the server accepted may "
        "be refused",
    ),
    Rule(
        "parameter-constraint-loosened",
        "info",
        "limits widened: more values are accepted (a pattern any string matches, such as "
        "`.*`, counts as none)",
    ),
    Rule(
        "parameter-serialization-changed",
        "info",
        "the query parameter's style or explode changed; the regenerated client writes it "
        "the new way, calls are unchanged",
        "request-parameter-serialization-updated is an error there; here the client "
        "serialises, not the caller",
    ),
    Rule("parameter-deprecated", "warning", "the parameter became deprecated"),
    Rule("parameter-description-changed", "info", "documentation only"),
    # request bodies
    Rule("request-body-added", "breaking/info", "a body: required is breaking, optional info"),
    Rule("request-body-removed", "breaking", "the body is gone: the `body` argument is gone"),
    Rule("request-body-became-required", "breaking", "the body is now required"),
    Rule("request-body-became-optional", "info", "the body is now optional"),
    Rule(
        "request-body-media-type-changed",
        "breaking/warning",
        "the body's media type changed: breaking when its kind (JSON, form, multipart, "
        "bytes, text) changes, else a warning",
    ),
    Rule(
        "request-body-type-changed",
        "breaking/info",
        "the body's Python type changed: breaking unless every old value is still accepted "
        "(a body that may no longer be null narrows: X or None becomes X)",
    ),
    Rule(
        "request-body-became-enum",
        "breaking",
        "the body now takes only an enum's values: wider in Python, narrower on the wire",
    ),
    Rule(
        "request-body-format-changed",
        "breaking/warning",
        "the body's own format changed (a string or number body): breaking when a numeric "
        "format allows fewer values, else a warning",
    ),
    Rule(
        "request-body-constraint-tightened",
        "breaking",
        "the body's own limits narrowed (minItems, maxLength... of an array or string "
        "body): a body the server accepted is refused",
    ),
    Rule("request-body-constraint-loosened", "info", "the body's own limits widened"),
    Rule(
        "request-schema-tightened",
        "breaking",
        "a value requests carry (parameter, body, field) is now checked by a JSON Schema "
        "keyword the client does not model (not, if/then/else, dependentRequired, "
        "dependentSchemas, contains, propertyNames, unevaluated*...), added or changed: "
        "one coarse verdict per value; the server may refuse a request it accepted",
        "a rule per keyword there, some not checked at all; one verdict per value here",
    ),
    Rule(
        "request-schema-loosened",
        "info",
        "such a keyword was removed from a value requests carry: fewer requests are refused",
    ),
    # responses (what the caller reads)
    Rule("response-status-added", "info", "a new status code"),
    Rule(
        "response-status-removed",
        "breaking/warning/info",
        "a status code is gone: a success status is breaking, an error status a warning "
        "(its body is no longer parsed into its model), one without a body info (the "
        "method returned None for it, and still does for any 2xx without a body)",
        "response-success-status-removed is an error there whatever the response held",
    ),
    Rule(
        "response-media-type-changed",
        "breaking/warning",
        "the response's media type changed: breaking when the kind of value returned changes",
    ),
    Rule(
        "response-type-changed",
        "breaking/info",
        "the returned Python type changed: breaking unless every new value is one the old "
        "type allowed (narrowed: info)",
    ),
    Rule("response-description-changed", "info", "documentation only"),
    # pagination (what a list method returns, and how it moves through the list)
    Rule(
        "pagination-added",
        "breaking",
        "the method now returns a Page of the list's items instead of the response model: "
        "its return type changed",
        "not detected there: oasdiff does not read pagination",
    ),
    Rule(
        "pagination-removed",
        "breaking",
        "the method returns the response model again instead of a Page",
        "not detected there: oasdiff does not read pagination",
    ),
    Rule(
        "pagination-style-changed",
        "breaking",
        "the list pages another way (offset to cursor, page number to next URL...): the "
        "parameter callers passed to move through it no longer does",
    ),
    Rule(
        "pagination-parameter-changed",
        "breaking/info",
        "another query parameter moves the page or sets its size: breaking when one callers "
        "passed no longer does, info when one is newly read",
    ),
    Rule(
        "pagination-signal-changed",
        "info",
        "where the items, the next cursor or URL, the has-more flag or the total are read "
        "changed; the regenerated client reads them there, calls are unchanged",
    ),
    # models and their fields; a model used in requests and responses gets the stricter
    # verdict of the two
    Rule("model-added", "info", "a new model class"),
    Rule("model-removed", "breaking", "a model class is gone"),
    Rule(
        "model-renamed",
        "breaking",
        "a model class has a new name (a component renamed, or an inline schema moved "
        "behind a $ref); its fields are compared under the new name",
        "not detected there: reported as a schema removed and added, or not at all",
    ),
    Rule("model-kind-changed", "breaking", "a model became an enum or an alias, or back"),
    Rule("model-deprecated", "warning", "the schema behind a class became deprecated"),
    Rule("model-description-changed", "info", "documentation only"),
    Rule(
        "property-added",
        "breaking/info",
        "a new field: breaking when required in a request model, with a default or not (a "
        "field with a default is optional in Python, and the client sends only the fields "
        "a caller set), else info",
    ),
    Rule(
        "property-removed",
        "breaking",
        "a field is gone: code that reads or sets it no longer type-checks",
        "removing an optional response property is info there; the attribute callers read is gone",
    ),
    Rule("property-renamed", "breaking", "the field's Python name changed (same wire name)"),
    Rule(
        "property-became-required",
        "breaking/info",
        "breaking in a request model (callers must now set it), info in a response model",
    ),
    Rule(
        "property-became-optional",
        "breaking/info",
        "breaking in a response model (it may be None now), info in a request model",
    ),
    Rule(
        "property-type-changed",
        "breaking/info",
        "the field's Python type changed: judged by direction (a request field may widen, "
        "a response field may narrow; an array typed by position, `prefixItems`, is a "
        "tuple the old parser may not read)",
    ),
    Rule(
        "property-became-enum",
        "breaking",
        "a request field now takes only an enum's values: wider in Python (the enum or any "
        "str), narrower on the wire",
    ),
    Rule(
        "property-became-nullable",
        "breaking/info",
        "the field's Python type gains None: breaking for a response field, info for a "
        "request one; a field already typed X or None (an optional one) whose schema "
        "starts accepting null is not reported",
        "response-property-became-nullable is an error there; callers of an optional "
        "field already handle None",
    ),
    Rule(
        "property-became-not-nullable",
        "breaking",
        "a request field's schema no longer accepts null while its Python type, X or None "
        "as an optional field, does not show it: a field set to None is sent as null and "
        "refused (in a response model the old parser reads what comes as before: not "
        "reported)",
        "response-property-became-not-nullable is reported there; our callers read the same values",
    ),
    Rule(
        "property-format-changed",
        "breaking/warning",
        "the field's format changed without changing its Python type: breaking in a "
        "request model when a numeric format allows fewer values (int64 to int32), else "
        "a warning",
        "a request property's format set or changed is an error there unless it widens; a "
        "format written where there was none mostly says what the server already did",
    ),
    Rule(
        "property-default-changed",
        "warning",
        "the field's default changed",
    ),
    Rule(
        "property-constraint-tightened",
        "breaking/info",
        "limits narrowed: breaking in a request model, info in a response-only model",
    ),
    Rule(
        "property-constraint-loosened",
        "warning/info",
        "limits widened: a warning in a response model (values callers never saw), info "
        "in a request-only model",
        "an error there for responses since oasdiff 1.31; Python's types do not change",
    ),
    Rule(
        "property-access-changed",
        "warning",
        "the field became (or stopped being) readOnly or writeOnly: the server now "
        "ignores it in requests, or stops returning it",
    ),
    Rule("property-deprecated", "warning", "the field became deprecated"),
    Rule("property-description-changed", "info", "documentation only"),
    Rule(
        "enum-value-added",
        "warning/info",
        "a new enum value: a warning where responses carry the enum (enums are open: it "
        "parses, but code may not handle it), info for request-only enums",
        "adding a response enum value is an error there; our enums accept unknown values",
    ),
    Rule(
        "enum-value-removed",
        "breaking",
        "an enum value is gone: its member is gone from the Python enum",
        "a response enum value removed is info there; the member callers name is gone",
    ),
    Rule(
        "enum-member-renamed",
        "breaking",
        "an enum value's Python member has a new name (its name collided differently)",
    ),
    Rule(
        "alias-type-changed",
        "breaking/info",
        "a type alias now names another type, judged like a field's type",
    ),
    Rule(
        "discriminator-changed",
        "breaking/warning",
        "a union's discriminator property or mapping changed: a value removed or remapped "
        "is breaking, a value added a warning",
    ),
    # client, auth, servers
    Rule(
        "client-renamed",
        "breaking",
        "the client's module, class, credential keyword or environment variables have new names",
    ),
    Rule("api-version-changed", "info", "the document's info.version changed"),
    Rule("api-description-changed", "info", "documentation only (title, description)"),
    Rule(
        "auth-changed",
        "breaking",
        "the client's credential is sent differently (bearer, basic, API key; its name or place)",
    ),
    Rule("auth-became-required", "breaking", "the client now requires a credential"),
    Rule("auth-became-optional", "info", "the credential is now optional"),
    Rule("security-scheme-added", "info", "a new security scheme"),
    Rule("security-scheme-removed", "warning", "a security scheme is gone"),
    Rule("security-scheme-changed", "warning", "a security scheme's type or place changed"),
    Rule("security-scope-added", "info", "a scheme offers a new scope"),
    Rule("security-scope-removed", "warning", "a scheme no longer offers a scope"),
    Rule(
        "server-url-changed",
        "warning",
        "the default base URL changed (callers who set the base-URL variable are not affected)",
    ),
    Rule("server-added", "info", "a server listed besides the default"),
    Rule("server-removed", "info", "a server other than the default is gone"),
    # the job binding of our vendors
    Rule("job-status-added", "warning", "the job's status enum has a new value, mapped"),
    Rule("job-status-removed", "warning", "a status value is gone from the mapping"),
    Rule(
        "job-status-remapped",
        "breaking",
        "a status value maps to another lifecycle state: status_of and wait_for_job answer "
        "differently for the same job",
    ),
    Rule(
        "job-status-field-moved",
        "breaking",
        "the status lives in another field: code reading it directly breaks",
    ),
    Rule("job-binding-added", "info", "the client can now wait for jobs"),
    Rule("job-binding-removed", "breaking", "status_of and wait_for_job are gone"),
    Rule(
        "job-operation-changed",
        "breaking",
        "another operation (or model) retrieves the job",
    ),
    Rule("job-kind-added", "info", "the config binds a new kind of job"),
    Rule("job-kind-removed", "breaking", "a kind of job is gone, with the methods bound to it"),
    Rule("job-start-added", "info", "a new method starts a job of a kind and returns its handle"),
    Rule("job-start-removed", "breaking", "a method that started a job of a kind is gone"),
    Rule(
        "job-start-changed",
        "breaking",
        "a start method now calls another operation, or reads the job's id (or a field it "
        "keeps) elsewhere in the answer",
    ),
    Rule("job-call-added", "info", "a kind gains a list, cancel, retry or result binding"),
    Rule(
        "job-call-removed",
        "breaking",
        "a kind loses its list, cancel, retry or result binding: the handle's method is gone",
    ),
    Rule(
        "job-call-changed",
        "breaking",
        "a kind's list, cancel, retry or result calls another operation or fills it from "
        "other fields",
    ),
)
DOCS_RULES = frozenset(
    {
        "parameter-description-changed",
        "response-description-changed",
        "model-description-changed",
        "property-description-changed",
        "api-description-changed",
        "operation-summary-changed",
        "operation-description-changed",
        "api-version-changed",
    }
)
RULE_IDS = frozenset(rule.id for rule in RULES)


def rules_text() -> str:
    """The rule list as printed by ``diff --rules``."""
    lines = []
    width = max(len(rule.id) for rule in RULES)
    for rule in sorted(RULES, key=lambda r: r.id):
        lines.append(f"{rule.id:<{width}}  {rule.level:<16} {rule.what}")
        if rule.oasdiff:
            lines.append(f"{'':<{width}}  {'':<16} differs from oasdiff: {rule.oasdiff}")
    return "\n".join(lines) + "\n"
