"""Build: the only code that understands OpenAPI; a loaded spec becomes the API model.

3.0 and 3.1 come out as one model (:mod:`generator.model`); names are decided here,
once, deterministically. One module a reason to change:

- ``client``: the orchestration, :func:`~generator.build.client.build_client`;
- ``context``: what the steps share (the document, the name scopes, the findings);
- ``operations``: paths, parameters, request bodies, responses, media types;
- ``events``: the models of webhooks and callbacks;
- ``security``: the credential scheme and the server URL;
- ``job``: the job binding of a vendor's config (status pointer, status mapping);
- ``schemas``: JSON Schema to type expressions and named models, enums and aliases;
- ``reserved``: the names the templates write themselves, which specs must not take.

Nothing is imported here, so :mod:`generator.names` can read ``reserved`` alone.
"""
