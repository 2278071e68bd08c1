"""Names the templates write themselves, which a name taken from a spec must not take.

Each set names the template (or runtime base class) that introduces its names: change
a template's signature or module-level names and the set beside it changes with it.
``tests/test_reserved_names.py`` renders the vendors, the fixtures and hostile documents,
reads every generated module with ``ast`` and fails on any name a template introduced
that is missing here, so the sets cannot drift from the templates again.
"""

from __future__ import annotations

# templates/vendor/_method.py.jinja: the keywords every operation method takes besides
# the spec's parameters (`body` carries the request body).
METHOD_KEYWORDS = frozenset(
    {
        "self",
        "body",
        "extra_headers",
        "extra_query",
        "timeout",
        "max_retries",
        "retry_policy",
        "total_timeout",
    }
)

# templates/vendor/client.py.jinja: the modules the client module imports by name. A
# parameter of that name would hide the module from the method's body (wait_for_jobs
# calls functools.partial).
IMPORTED_MODULES = frozenset({"contextlib", "functools", "httpx"})

# templates/vendor/client.py.jinja, `wait_for_job` and `wait_for_jobs`: their own
# keywords and local names. The job operation's parameters are passed through them as
# keywords, so a parameter named `poll_interval` would be a duplicate argument, and one
# named `fetch` would be shadowed by the local of that name.
WAIT_NAMES = frozenset(
    {
        "self",
        "timeout",
        "poll_interval",
        "max_poll_interval",
        "on_poll",
        "extra_headers",
        "extra_query",
        "request_timeout",
        "max_retries",
        "fetch",
        "job_ids",
        "concurrency",
        "fetchers",
        "waits",
        "stream",
        "item",
    }
)

# templates/vendor/client.py.jinja, `wait_for_jobs`: the loop variable that carries each
# job's id into the retrieval's id parameter. Any other parameter of the retrieval would
# be shadowed by it, so only the id parameter may take this name.
WAIT_LOOP_NAMES = frozenset({"job_id"})

# templates/vendor/client.py.jinja: attributes of the client classes (and of their
# runtime bases, templates/runtime/_sync.py, _async.py, _client.py) that an operation's
# method must not replace. Private names need no entry: an operation's name never starts
# with an underscore. (Operations also avoid MODULE_NAMES: see OPERATION_NAMES.)
CLIENT_ATTRIBUTES = frozenset(
    {
        "close",
        "aclose",
        "with_raw_response",
        "status_of",
        "wait_for_job",
        "wait_for_jobs",
        "base_url",
        "STATUS_TABLE",
    }
)

# templates/vendor/client.py.jinja, `__init__` of the client classes: its keywords, of
# which the config's credential parameter must not be one.
CONSTRUCTOR_KEYWORDS = frozenset(
    {
        "self",
        "base_url",
        "timeout",
        "max_retries",
        "retry_policy",
        "total_timeout",
        "default_headers",
        "http_client",
        "max_response_bytes",
        "sleep",
        "clock",
    }
)

# Module-level names of the vendor package's three modules, which the models, enums,
# aliases and operation constants share one scope with:
# templates/vendor/client.py.jinja
CLIENT_MODULE_NAMES = frozenset(
    {
        "annotations",
        "contextlib",
        "functools",
        "httpx",
        "AsyncGenerator",
        "AsyncIterator",
        "Awaitable",
        "Callable",
        "Iterable",
        "Iterator",
        "Mapping",
        "ClassVar",
        "TYPE_CHECKING",
        "STATUS_TABLE",
        "_rt",
        "_ALL_STATUS_TABLES",
        "_MODELS",
        "_STATUS",
    }
)
# templates/vendor/models.py.jinja, with the names imports.py may import for annotations
MODELS_MODULE_NAMES = frozenset(
    {
        "annotations",
        "Any",
        "Annotated",
        "Literal",
        "Field",
        "BaseModel",
        "ConfigDict",
        "StrEnum",
        "Model",
        "TypeAlias",
        "TypeAdapter",
        "UUID",
        "date",
        "datetime",
        "time",
        "timedelta",
        "TYPE_CHECKING",
        "Union",
        "TypeAliasType",
        "Tag",
        "Discriminator",
        "discriminate",
        "PrefixItems",
    }
)
# templates/vendor/__init__.py.jinja
VENDOR_INIT_NAMES = frozenset(
    {"annotations", "importlib", "Any", "TYPE_CHECKING", "_MODEL_NAMES", "__getattr__", "__all__"}
)
MODULE_NAMES = CLIENT_MODULE_NAMES | MODELS_MODULE_NAMES | VENDOR_INIT_NAMES

# templates/package/__init__.py.jinja: a vendor module is an attribute of the package,
# so a document titled "importlib" must not make a module of that name.
PACKAGE_NAMES = frozenset(
    {
        "annotations",
        "importlib",
        "ModuleType",
        "TYPE_CHECKING",
        "VENDORS",
        "STATUS_TABLE",
        "__getattr__",
        "__all__",
        "__version__",
        # templates/testing/: the package's test fakes, jobclients.testing
        "testing",
    }
)

# pydantic.BaseModel's attributes (templates/runtime/_model.py's Model derives from it):
# a field must not shadow one.
MODEL_ATTRIBUTES = frozenset(
    {
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "dict",
        "json",
        "copy",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
        "schema",
        "schema_json",
        "validate",
        "update_forward_refs",
        "fields",
        # Types annotations name: pydantic resolves `date: date | None` in the class body,
        # where a field called `date` would already have replaced the type.
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "list",
        "date",
        "datetime",
        "time",
        "timedelta",
    }
)
# templates/vendor/models.py.jinja: names the annotations in a model class mention.
# Pydantic evaluates a field's annotation in the class namespace, so a field named `int`
# with a default would turn every later `int | None` into `<default> | None` (a
# TypeError at import).
ANNOTATION_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "tuple", "dict"}
    | {"date", "datetime", "time", "timedelta"}
)

# Every template: names a field, parameter or module must never take anywhere
# (generator/model/names.py appends an underscore to them, as to a keyword).
EVERYWHERE = frozenset(
    {"self", "cls", "httpx", "pydantic", "typing", "datetime", "uuid", "enum", "annotations"}
)

# An operation becomes a method of the client classes. Mypy resolves the names in a
# method's signature in the class body first, so a method named `date` or `discriminate`
# would hide the module-level name every such signature spells.
OPERATION_NAMES = CLIENT_ATTRIBUTES | CLIENT_MODULE_NAMES | MODELS_MODULE_NAMES
