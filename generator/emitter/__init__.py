"""Emit: the rendered files checked and formatted by ruff, then swapped into place.

The last stage. It may use every stage below it, never :mod:`generator.change` or the
CLI. A run that fails anywhere leaves the output folder exactly as it was.

- ``formatting``: one ``ruff check`` and one ``ruff format`` over the files that need it;
- ``emit``: the scratch folder, the comparison, the one-call atomic exchange;
- ``run_memo``: a run that changes nothing, recognised before the pipeline is imported.

Nothing is imported here, so ``run_memo`` loads alone.
"""
