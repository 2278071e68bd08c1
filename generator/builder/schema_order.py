"""The order the models module defines its schemas in, so it runs top to bottom.

Model fields are read lazily, but an alias is evaluated where it stands: this is the
one layout decision about schemas that needs a graph (aliases that name each other).
"""

from __future__ import annotations

from dataclasses import replace

from generator.model.api import AliasSchema, Schema
from generator.model.type_expr import referenced_names


def definition_order(schemas: tuple[Schema, ...]) -> tuple[Schema, ...]:
    """Schemas in an order the models module can execute top to bottom.

    Model fields are read lazily (``from __future__ import annotations``), but an alias
    is evaluated where it stands: enums and models come first, then each alias after
    the aliases it names. Aliases that name each other in a cycle are marked recursive
    (their cycle's names written as strings) and keep their document order.
    """
    aliases = {str(s.name): s for s in schemas if isinstance(s, AliasSchema)}
    edges = {
        name: sorted(n for n in referenced_names(alias.type) if n in aliases)
        for name, alias in aliases.items()
    }
    ordered: list[Schema] = [s for s in schemas if not isinstance(s, AliasSchema)]
    for component in _cycles_last_first(list(aliases), edges):
        members = frozenset(component)
        cyclic = len(component) > 1 or component[0] in edges[component[0]]
        for name in component:
            alias = aliases[name]
            if cyclic:
                alias = replace(alias, forward=members & set(edges[name]))
            ordered.append(alias)
    return tuple(ordered)


def _cycles_last_first(names: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, dependencies before dependants."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def visit(root: str) -> None:
        # Iterative, so a long chain of aliases cannot exhaust Python's recursion limit.
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                order = {n: i for i, n in enumerate(names)}
                result.append(sorted(component, key=order.__getitem__))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])

    for name in names:
        if name not in index:
            visit(name)
    return result
