"""Change: what a new version of a document changes for callers, and the releases.

Beside the pipeline, on top of it: it loads and builds documents with the stages below
(and calls :mod:`generator.emitter` to regenerate on a release), and nothing below it
imports it. Data flows record -> comparison -> report, then changelog and release:

- ``record``: the API record, a canonical JSON rendering of a built client;
- ``comparison``: two records compared by the rules (``comparison/rules.py`` lists them);
- ``diff``: ``python -m generator diff OLD NEW``, either side a document or a record;
- ``changelog``: ``generated/CHANGELOG.md``, Unreleased recomputed every run;
- ``release_state``: ``releases/``, what the last release shipped, an input of the run;
- ``release``: ``python -m generator release``, Unreleased becomes a version;
- ``update``: ``python -m generator update``, a vendor's newly published document taken.

Nothing is imported here.
"""
