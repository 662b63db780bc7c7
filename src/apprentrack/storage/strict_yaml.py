"""PyYAML as apprentrack uses it: the safe loader made stricter and taught to keep line numbers (for the
files the fast parser gives way on, for boroughs.yaml, and for the writer's checks), and the dumper that
writes records as people read them. Imported only when needed: PyYAML takes a while to load.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

from .plain_yaml import Located

# How deep values may nest. A record is a list of mappings of plain values (depth 3), boroughs.yaml a
# little deeper; past this a file is refused before anything is built from it, so neither building it nor
# showing it (repr) can exhaust Python's recursion (libyaml's own limit, 1000, is beyond Python's reach).
MAX_DEPTH = 20


class LocatedList(list[Any]):
    """A YAML sequence that knows the line (1-based) of each of its items, for messages about an item that
    has no lines of its own (a bare `- oops`)."""

    lines: list[int]


try:  # the C parser and emitter where PyYAML has them
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class Loader(_BaseLoader):
    """Safe loading, stricter: no aliases (so no alias bombs), no duplicate keys, impossible dates kept
    as text for the models to report, and mappings that remember their line numbers."""

    def construct_document(self, node: yaml.Node) -> Any:
        _refuse_deep(node)
        return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "this value (&anchor) is used again by an alias (*anchor): aliases are not allowed; write it out",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def construct_located(self, node: yaml.MappingNode) -> Located:
        if not isinstance(node, yaml.MappingNode):  # pragma: no cover - the resolver only sends mappings
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        result = Located()
        result.line, result.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"'{key}' appears twice in one record (first on line {result.lines[key]})",
                    key_node.start_mark,
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_located_list(self, node: yaml.SequenceNode) -> Any:
        items = LocatedList()
        items.lines = [item.start_mark.line + 1 for item in node.value]
        yield items
        items.extend(self.construct_sequence(node))

    def construct_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:  # 2020-02-30: leave the text for the model to refuse with its line
            return self.construct_scalar(node)

    def refuse_tag(self, node: yaml.Node) -> Any:
        kind = node.tag.rsplit(":", 1)[-1]
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a value tagged !!{kind} is not allowed: records hold plain text, numbers and dates",
            node.start_mark,
        )


def _refuse_deep(document: yaml.Node) -> None:
    """A ConstructorError at the first value nested deeper than MAX_DEPTH (walked without recursion, each
    node once: an alias bomb is a small graph of shared nodes, refused when it is built)."""
    stack, seen = [(document, 1)], set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            message = f"values nested more than {MAX_DEPTH} levels deep: a record holds plain values"
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in node.value if not isinstance(item, yaml.ScalarNode)]
        elif isinstance(node, yaml.MappingNode):
            stack += [(n, depth + 1) for pair in node.value for n in pair if not isinstance(n, yaml.ScalarNode)]


Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_located)
Loader.add_constructor("tag:yaml.org,2002:seq", Loader.construct_located_list)
for _tag in ("binary", "set", "omap", "pairs"):  # values that are not text, or are mappings in disguise
    Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", Loader.refuse_tag)
Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_timestamp)


class Dumper(_BaseDumper):
    def ignore_aliases(self, data: object) -> bool:  # the same date twice is written twice, not as &1/*1
        return True


def dump(value: object, **options: Any) -> str:
    """YAML as the tool writes it: keys in the given order, text as it is, one value a line."""
    return str(yaml.dump(value, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=10_000, **options))
