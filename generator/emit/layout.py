"""Which model goes into which module, and in what order.

Definitions are grouped by the set of root definitions (those nothing else refers to,
such as an operation's request body or response) that reach them: the models of one
operation share a module, and what several operations use sits in a module of its own.
A definition's dependencies are reached by every root that reaches it, so imports only
go from a group to groups of larger root sets: the modules import each other without
cycles. Inside a module, definitions come after what they use, and only true cycles
need quoted forward references. Another name for a definition (`ir.Alias.target`) is
set after all of its module's definitions: it adds no import to that module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Mapping, Sequence, Set, Tuple

from openapi_sdkgen.model import ir, naming
from openapi_sdkgen.model.graph import strongly_connected
from openapi_sdkgen.model.refs import definition_refs


@dataclass(frozen=True)
class ModelModule:
    name: str
    definitions: Tuple[ir.Definition, ...]  # dependencies first
    forward: FrozenSet[str]  # names used before they are defined (quoted)
    other_names: Tuple[ir.Alias, ...] = ()  # other names of its definitions, by name


def plan_modules(definitions: Mapping[str, ir.Definition]) -> List[ModelModule]:
    other_names = _other_names(definitions)
    named = {name: d for name, d in definitions.items() if not ir.target_of(d)}
    graph = {name: sorted(definition_refs(d) & named.keys()) for name, d in named.items()}
    registry = naming.Registry(["__init__", "utils", "models", "errors", "sdk", "resources"])
    modules = []
    for group in _groups(graph):
        ordered = _order(group, graph)
        members = set(group)
        defined: Set[str] = set()
        forward: Set[str] = set()
        for name in ordered:
            forward |= {dep for dep in graph[name] if dep in members and dep not in defined}
            defined.add(name)
        module = registry.claim(naming.module_name(ordered[-1]))
        aliases = tuple(sorted((a for n in ordered for a in other_names.get(n, ())), key=lambda a: a.name))
        modules.append(ModelModule(module, tuple(definitions[n] for n in ordered), frozenset(forward), aliases))
    return modules


def _other_names(definitions: Mapping[str, ir.Definition]) -> Dict[str, List[ir.Alias]]:
    """Definition name -> the aliases that are other names for it."""
    found: Dict[str, List[ir.Alias]] = {}
    for d in definitions.values():
        if isinstance(d, ir.Alias) and d.target:
            found.setdefault(d.target, []).append(d)
    return found


def _groups(graph: Mapping[str, List[str]]) -> List[List[str]]:
    """Definitions grouped by the roots that reach them, in a deterministic order.

    Root sets are bit sets (ints) pushed from the roots down the components in
    topological order: linear in the size of the graph times the words per set.
    """
    components = strongly_connected(graph)  # dependencies before dependents
    component_of = {name: i for i, members in enumerate(components) for name in members}
    reached: List[int] = [0] * len(components)
    roots = 0
    for i in reversed(range(len(components))):  # dependents first
        if not reached[i]:
            reached[i] = 1 << roots  # nothing outside refers to it: a root
            roots += 1
        for name in components[i]:
            for dep in graph[name]:
                j = component_of[dep]
                if j != i:
                    reached[j] |= reached[i]
    by_roots: Dict[int, List[str]] = {}
    for i, members in enumerate(components):
        by_roots.setdefault(reached[i], []).extend(members)
    return sorted((sorted(group) for group in by_roots.values()), key=lambda group: group[0])


def _order(component: Sequence[str], graph: Mapping[str, List[str]]) -> List[str]:
    """Dependencies first within one component (depth-first post-order, deterministic)."""
    members = set(component)
    done: Set[str] = set()
    ordered: List[str] = []
    for start in sorted(component):
        stack = [(start, iter(graph[start]))]
        if start in done:
            continue
        done.add(start)
        while stack:
            node, deps = stack[-1]
            nxt = next((d for d in deps if d in members and d not in done), None)
            if nxt is None:
                ordered.append(node)
                stack.pop()
            else:
                done.add(nxt)
                stack.append((nxt, iter(graph[nxt])))
    return ordered
