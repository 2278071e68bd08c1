"""The model: the data every stage hands on, and nothing that reads a document.

What the pipeline passes from stage to stage, importable by every stage and importing
none of them (only :mod:`generator.cache` lies beneath, and the model does not need it):

- ``findings``: what the generator says about an input, with a place a person can open;
- ``source``: a place in a document (file, JSON pointer, value) a finding or a model
  element points at; the loader's files fill it in;
- ``api``: the API model (the IR) the builder makes and the templates see;
- ``type_expr``: its type expressions and how Python spells them;
- ``fake``: what a generated test fake needs, as the templates see it;
- ``names``: Python names for what a spec names, decided once;
- ``reserved``: the names the templates write themselves, which a spec must not take;
- ``escape``: the taint types (:class:`~generator.model.escape.Untrusted`,
  :class:`~generator.model.escape.PySource`) and the filters that alone turn spec text
  into Python source;
- ``imports``: the import lines a generated module needs, exactly.

Nothing is imported here, so a stage pays only for the modules it names.
"""
