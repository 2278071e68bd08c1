"""Validate: the letter of the OpenAPI specification, checked by openapi-spec-validator.

The second stage. It may use :mod:`generator.loader`, :mod:`generator.model` and
:mod:`generator.cache`, nothing above. Our own checks (status mapping, names, shapes we
cannot type) are made where the model is built, in :mod:`generator.builder`.

- ``validate``: the validator's errors put back at their place in the document;
- ``fast``: jsonschema-rs answers "valid" first for the two costly checks;
- ``results_cache``: findings remembered by the hash of every file a document reads;
- ``worker``: a forked process that validates while the main one builds.

Nothing is imported here, so the worker can be forked before the validator is imported.
"""
