"""Comparing recorded types: tuples (``prefixItems``) and enums read as the server
reads them."""

from __future__ import annotations

from typing import Any

from generator.change.comparison.types import Wire, accepts, spelled


def tup(*items: Any, rest: Any = None, shortest: int = 0) -> dict[str, Any]:
    return {"tuple": list(items), "rest": rest, "shortest": shortest}


def test_a_tuple_accepts_what_it_allows_position_by_position() -> None:
    pair = tup("float", "float", shortest=2)
    assert accepts(pair, tup("int", "float", shortest=2))
    assert not accepts(pair, tup("float", "float", shortest=1))  # may be shorter
    assert not accepts(pair, tup("float", "float", rest="float", shortest=2))  # longer
    assert accepts(tup("float", rest="float"), pair)
    assert not accepts(tup("float", rest="str"), tup("float", "float", "float"))


def test_a_list_parses_a_tuple_but_a_signature_does_not_take_one() -> None:
    row = tup("int", rest="str", shortest=1)
    # The old parser of a list[str] response reads JSON arrays, and 7 is not a str.
    assert not accepts({"list": "str"}, row, parsing=True)
    assert accepts({"list": "float"}, tup("float", "int"), parsing=True)
    # A caller passing a tuple where a list is now expected no longer type-checks.
    assert not accepts({"list": "float"}, tup("float", "int"))
    assert not accepts(tup("float", rest="float"), {"list": "float"})
    assert accepts(tup(rest="float"), {"list": "float"}, parsing=True)


def test_an_open_enum_is_closed_on_the_wire() -> None:
    values = {"Kind": frozenset({"a", "b"}), "Wide": frozenset({"a", "b", "c"})}
    wire = Wire(values.get, values.get)
    assert accepts({"enum": "Kind"}, "str")  # Python: `Kind | str` takes any str
    assert not accepts({"enum": "Kind"}, "str", wire=wire)
    assert accepts({"enum": "Wide"}, {"enum": "Kind"}, wire=wire)
    assert not accepts({"enum": "Kind"}, {"enum": "Wide"}, wire=wire)
    assert accepts({"enum": "Kind"}, {"literal": ["a"]}, wire=wire)
    assert accepts("str", {"enum": "Kind"}, wire=wire)


def test_tuples_are_spelled_as_annotated() -> None:
    assert spelled(tup("int", rest="str", shortest=1)) == "tuple[int, *tuple[str, ...]]"
    assert spelled(tup("float", "float")) == "tuple[()] | tuple[float] | tuple[float, float]"
