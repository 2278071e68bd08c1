"""Render: the package model through the Jinja templates into files held in memory.

The fourth stage. It may use the stages below it; it needs only :mod:`generator.model`
and :mod:`generator.cache`, never the raw document: templates see only the model, and
spec text reaches them only through the filters of :mod:`generator.model.escape`.

- ``render``: the Jinja environment, its filters and which template makes which file.

Nothing is imported here.
"""
