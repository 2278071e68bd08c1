"""Build: the only code that understands OpenAPI; a loaded spec becomes the API model.

3.0 and 3.1 come out as one model (:mod:`generator.model.api`); names are decided here,
once, deterministically. One module a reason to change:

- ``client``: the orchestration, :func:`~generator.builder.client.build_client`;
- ``context``: what the steps share (the document, the name scopes, the findings);
- ``operations``: paths, parameters, request bodies, responses, media types;
- ``events``: the models of webhooks and callbacks;
- ``security``: the credential scheme and the server URL;
- ``job``: the job binding of a vendor's config (status pointer, status mapping);
- ``pagination``: which operations answer a page of a list, read from the shape;
  ``paging_declared``: as a vendor extension or the config declares it;
  ``paging_body``: the walk through a body's models both read pages with;
- ``schemas``: JSON Schema to type expressions and named models, enums and aliases;
- ``key_order``: the order mappings are walked in, so names never follow key order;
- ``schema_order``: the order the models module defines its schemas in;
- ``samples`` and ``fake``: the sample bodies and request checks of the test fakes;
- ``project``: the three stages run over the project's ``specs/`` (or one document),
  strict or lenient, into the package model.

The third stage: it may use :mod:`generator.validator`, :mod:`generator.loader`,
:mod:`generator.model` and :mod:`generator.cache`, nothing above. Nothing is imported
here.
"""
