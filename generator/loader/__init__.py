"""Load: documents in, with a source map, within limits, ``$ref``\\ s resolved safely.

The first stage. It may use :mod:`generator.model` (findings, reserved names) and
:mod:`generator.cache`, nothing above:

- ``parse``: a YAML or JSON file parsed, every node's line remembered;
- ``yaml_events``: the fast path for plain YAML, straight from libyaml's events;
- ``limits``: the caps on size, depth and nodes a hostile document stops at;
- ``document``: the root document and every file its ``$ref``\\ s reach, by policy;
- ``config``: our ``jobclient.yaml`` beside a vendor's document, checked, read with
  ``config_reader``; its kinds of job in ``job_config``, its ``pagination:`` in
  ``paging_config``;
- ``fetch``: a vendor's published document over HTTP(S), for ``update``.

Nothing is imported here.
"""
