"""jobclients generator: OpenAPI documents in, a typed client package out.

The packages are the pipeline, in the order data passes through them; each may use the
ones listed before it, never one after it (``[tool.importlinter]`` in pyproject.toml
holds every package to that, and ``make lint`` checks it):

- :mod:`generator.cache`: results kept between runs, found by content hash;
- :mod:`generator.model`: the data every stage hands on: findings, the API model, its
  type expressions and names, the taint types that keep spec text out of code;
- :mod:`generator.loader`: documents in: files, ``$ref``\\ s, limits, our config;
- :mod:`generator.validator`: checked against the letter of OpenAPI;
- :mod:`generator.builder`: built into the API model (the only code that reads OpenAPI);
- :mod:`generator.renderer`: rendered through the templates into files in memory;
- :mod:`generator.emitter`: written: ruff, then ``generated/`` swapped in atomically;
- :mod:`generator.change`: beside the pipeline, what a new document changes for
  callers: the API record, ``diff``, the changelog, releases and ``update``;
- :mod:`generator.cli`: ``python -m generator``, on top of everything.
"""
