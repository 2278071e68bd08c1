"""Behaviour of the golden shapes package, run where it is importable as ``jobclients``.

``python -m tests.support.shapes_checks NAME`` with tests/golden/shapes first on
PYTHONPATH runs one check; a failed assertion exits non-zero with its traceback. The
golden package is named like the installed one, so it cannot be imported in the test
process itself.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError


def _models(vendor: str) -> Any:
    # Imported by name: mypy checks the golden package itself (make typecheck).
    return importlib.import_module(f"jobclients.{vendor}.models")


def discriminator_picks_the_type() -> None:
    models = _models("unions")

    pets: TypeAdapter[Any] = TypeAdapter(models.Pet)
    assert type(pets.validate_python({"id": "1", "pet_type": "dog"})) is models.Dog
    cat = pets.validate_python({"id": "1", "pet_type": "cat", "size": "big"})
    assert type(cat) is models.Cat
    assert cat.size == "big"  # the allOf part that comes later wins the conflict
    # A variant the spec never listed parses as the catch-all Model, fields kept.
    cow = pets.validate_python({"id": "1", "pet_type": "cow", "moo": True})
    assert type(cow).__name__ == "Model"
    assert cow.model_extra == {"id": "1", "pet_type": "cow", "moo": True}


def discriminator_values_come_from_the_members() -> None:
    models = _models("unions")
    shapes: TypeAdapter[Any] = TypeAdapter(models.Shape)
    assert type(shapes.validate_python({"kind": "circle", "radius": 1})) is models.Circle
    assert type(shapes.validate_python({"kind": "square", "side": 2})) is models.Square


def recursive_alias_and_recursive_ref_validate() -> None:
    models = _models("unions")

    value = {"a": ["x", {"b": ["y"]}]}
    assert TypeAdapter(models.Json).validate_python(value) == value
    nested = models.Filter.model_validate({"op": "and", "filters": [{"op": "eq"}]})
    assert nested.filters is not None
    assert type(nested.filters[0]) is models.Filter


def type_arrays_const_and_maps() -> None:
    models = _models("unions")

    scalars = models.Scalars.model_validate(
        {"id_or_count": 3, "maybe_text": None, "kind": "scalar", "counters": {"x-a": 1}}
    )
    assert scalars.id_or_count == 3
    assert scalars.counters == {"x-a": 1}
    try:
        models.Scalars.model_validate({"kind": "other"})
    except ValidationError:
        pass
    else:
        raise AssertionError("const accepted another value")


def external_refs_and_model_cycles() -> None:
    models = _models("refs")

    owner = models.Owner.model_validate(
        {"id": "o", "pets": [{"name": "rex", "owner": {"id": "o"}, "tag": "good"}]}
    )
    assert owner.pets is not None
    pet = owner.pets[0]
    assert pet.owner is not None and pet.owner.id == "o"
    assert pet.tag == "good"
    # `Tree: {$ref: '#/TreeNode'}` comes first, so the class takes its name.
    tree = models.Tree.model_validate({"label": "a", "children": [{"label": "b"}]})
    assert tree.children is not None and tree.children[0].label == "b"


def colliding_enum_values_stay_distinct() -> None:
    models = _models("enums")

    assert [m.value for m in models.Separator] == ["a_b", "a.b", "a-b", "A_B"]
    assert [m.value for m in models.Switch] == ["on", "off", "yes", "no"]
    settings = models.Settings.model_validate({"switch": "off", "level": 2, "ratio": 0.5})
    assert settings.switch is models.Switch.OFF
    # readOnly/writeOnly fields are required only in one direction: optional here.
    assert settings.id is None and settings.password is None


def odd_names_keep_their_wire_names() -> None:
    models = _models("params")

    thing = models.Class.model_validate(
        {"from": "a", "list": ["b"], "2nd": 2, "display name": "c", "self": "d"}
    )
    assert (thing.from_, thing.list_, thing.field_2nd, thing.display_name, thing.self_) == (
        "a",
        ["b"],
        2,
        "c",
        "d",
    )
    assert thing.model_dump(by_alias=True)["display name"] == "c"
    event = models.ItemChangedPostEvent.model_validate({"id": 1, "new value": "x"})
    assert event.new_value == "x"


def sequence_bodies_are_iterators() -> None:
    import httpx

    bodies = importlib.import_module("jobclients.bodies")

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/events":
            text = "event: tick\ndata: 1\n\ndata: 2\n\n"
            return httpx.Response(200, text=text, headers={"content-type": "text/event-stream"})
        return httpx.Response(200, content=b'{"line": 1}\n{"line": 2}\n')

    client = bodies.BodiesClient(
        api_key="k",
        base_url="https://bodies.test",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    events = client.stream_events()
    assert [(e.event, e.data) for e in events] == [("tick", "1"), ("message", "2")]
    assert [item.line for item in client.stream_lines()] == [1, 2]


CHECKS: dict[str, Callable[[], None]] = {
    f.__name__: f
    for f in (
        discriminator_picks_the_type,
        discriminator_values_come_from_the_members,
        recursive_alias_and_recursive_ref_validate,
        type_arrays_const_and_maps,
        external_refs_and_model_cycles,
        colliding_enum_values_stay_distinct,
        odd_names_keep_their_wire_names,
        sequence_bodies_are_iterators,
    )
}

if __name__ == "__main__":
    CHECKS[sys.argv[1]]()
