"""The one escaping path: whatever a spec says, the output parses and runs nothing."""

from __future__ import annotations

import ast
import re

import jinja2
import pytest

from generator.model.escape import Untrusted, comment, docstring, literal
from generator.model.names import Identifier, Scope, pascal, snake, upper_snake
from generator.renderer.render import UnsafeOutput, make_environment
from tests.snapshots import TEMPLATES

NASTY = [
    'a"""b',
    'end with a quote"',
    "back\\slash \\",
    "line\nbreak\r\ncarriage\rreturn",
    "nul\x00 bell\x07 esc\x1b",
    "{{ jinja }} {% block %}",
    "# not a comment\nimport os; os.system('x')",
    "bidi \u202e override \u2066 isolate",
    "zero\u200bwidth",
    "'''single''' \"\"\"double\"\"\"",
    '\\"""',
    "x" * 5000,
]


@pytest.mark.parametrize("text", NASTY)
def test_docstring_is_one_string_holding_the_text(text: str) -> None:
    source = f"def f():\n    {docstring(Untrusted(text))}\n    return 1\n"
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    assert len(func.body) == 2, "the docstring closed early and code followed"
    doc = ast.get_docstring(func, clean=False)
    assert doc is not None
    # Every visible word survives (whitespace may be rewrapped).
    for word in text.replace("\\", " ").split():
        if word.isprintable() and word.isascii():
            assert (
                word.replace('"', "") in doc.replace('"', "").replace("\n", " ") or len(word) > 80
            )


@pytest.mark.parametrize("text", NASTY)
def test_comment_stays_a_comment(text: str) -> None:
    source = f"{comment(Untrusted(text))}\nx = 1\n"
    tree = ast.parse(source)
    assert len(tree.body) == 1
    assert all(line.startswith("#") for line in str(comment(Untrusted(text))).splitlines())


@pytest.mark.parametrize("text", NASTY)
def test_literal_round_trips_and_is_ascii(text: str) -> None:
    source = literal(Untrusted(text))
    assert source.isascii()
    assert ast.literal_eval(source) == text


def test_literal_of_json_values() -> None:
    value = {"a": [1, 2.5, None, True, "x"], "b": {"c": float("inf")}}
    rendered = literal(value)
    assert 'float("inf")' in rendered
    assert eval(rendered) == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("class", "class_"),
        ("2fa", "field_2fa"),
        ("a b", "a_b"),
        ("jobId", "job_id"),
        ("Привет", "field"),
        ("HTTPStatus", "http_status"),
        ("match", "match_"),
    ],
)
def test_field_names(raw: str, expected: str) -> None:
    scope = Scope()
    assert scope.claim(snake(raw, fallback="field")) == expected


def test_names_that_collide_stay_distinct() -> None:
    scope = Scope()
    names = [scope.claim(upper_snake(v)) for v in ("a_b", "a.b", "a-b", "A_B")]
    assert len(set(names)) == 4
    assert pascal("api_job_status") == "ApiJobStatus"


def test_identifier_refuses_code() -> None:
    for bad in ("a;b", "import", "x y", "1a", ""):
        with pytest.raises(ValueError):
            Identifier(bad)


def test_templates_cannot_print_spec_text_unfiltered() -> None:
    env = make_environment(TEMPLATES)
    template = env.from_string("x = {{ value }}")
    with pytest.raises(UnsafeOutput):
        template.render(value=Untrusted("__import__('os')"))
    with pytest.raises(UnsafeOutput):
        template.render(value="plain text")
    assert template.render(value=literal(Untrusted("ok"))) == "x = 'ok'"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_prose_fast_path_escapes_as_the_per_character_path() -> None:
    """Plain ASCII skips the per-character look; every ASCII character must come out
    as the look would have made it."""
    from generator.model.escape import _clean_prose, _escape_char, _visible

    for code in range(128):
        text = f"a{chr(code)}b"
        expected = "".join(
            ch if ch in "\n\t" or _visible(ch) else _escape_char(ch)
            for ch in text.replace("\r\n", "\n").replace("\r", "\n")
        )
        assert _clean_prose(text) == expected, code


@pytest.mark.parametrize(
    "text",
    [
        "noqa",
        "see # noqa: E501",
        "ruff: noqa",
        "x #type: ignore[misc]",
        "# fmt: off",
        "NOQA and # Pyright: basic",
    ],
)
def test_spec_text_in_a_comment_is_no_tool_pragma(text: str) -> None:
    rendered = str(comment(Untrusted(text)))
    # The patterns ruff, mypy and the formatter look for after a `#`.
    assert not re.search(
        r"#\s*(noqa|type\s*:|fmt\s*:|ruff\s*:|pyright\s*:)", rendered, re.IGNORECASE
    ), rendered
    assert text.replace("#", "").split()[0].strip("`").lower() in rendered.lower()
