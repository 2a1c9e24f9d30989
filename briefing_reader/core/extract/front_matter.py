"""YAML front matter read with a ceiling, one bad value dropping only its own key.

PyYAML's safe loader still expands aliases (a 400-byte "billion laughs" block takes
minutes to turn into text), follows self-references and turns ``date: 2024-02-30``
into an exception for the whole block. Here aliases are not expanded (the key using
one is dropped), timestamps stay text for the app's own date reader, the block and
its nesting are bounded, and every value is checked on its own. Flow nesting
(``[[[…``) is measured before PyYAML sees the block: its scanner re-checks every open
bracket for each new token, so 3,000 brackets take seconds before any depth check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

#: A front matter block longer than this is not read as fields (it stays as text).
MAX_BLOCK_CHARS = 64 * 1024
#: Nesting beyond this is not metadata; the block is refused.
MAX_DEPTH = 20
#: Items kept from a list value (several authors, tags).
MAX_ITEMS = 50


class _AliasFound(yaml.YAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader without aliases, timestamps or deep nesting."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it bare
            raise _AliasFound(f"alias *{event.anchor}")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Dates stay strings: the app's date reader copes with impossible dates ("2024-02-30").
_BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class FrontMatterFields:
    fields: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: False when the block could not be read as fields at all (it is kept as text)
    usable: bool = True


def _top_level_keys(raw: str) -> list[tuple[str, str]]:
    """(key, its lines) for each top-level ``key:`` of the block, to load one at a time."""
    entries: list[tuple[str, list[str]]] = []
    for line in raw.split("\n"):
        starts_key = line[:1] not in ("", " ", "\t", "-", "#") and ":" in line
        if starts_key or not entries:
            entries.append((line.split(":", 1)[0].strip(), [line]))
        else:
            entries[-1][1].append(line)
    return [(key, "\n".join(lines)) for key, lines in entries]


_SCALAR_STARTS = frozenset(" \t\n[{,:")


def flow_depth(raw: str) -> int:
    """Deepest nesting of ``[`` and ``{`` outside quoted strings and comments.

    A quote opens a string only where a YAML scalar can begin (after a space, a line
    start or a flow indicator), as in ``'it''s'``; an apostrophe inside a word does not.
    """
    depth = deepest = 0
    closing = ""  # what ends the quoted string or comment we are in
    escaped = False
    previous = "\n"
    for char in raw:
        if escaped and not closing:  # just after a closing '
            escaped = False
            if char == "'":  # '' inside a single-quoted string: still in it
                closing = previous = char
                continue
        if closing:
            if escaped:
                escaped = False
            elif char == "\\" and closing == '"':
                escaped = True
            elif char == closing:
                escaped, closing = closing == "'", ""
        elif previous in _SCALAR_STARTS and char in "'\"":
            closing = char
        elif previous in " \t\n" and char == "#":
            closing = "\n"
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
    return deepest


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_BoundedLoader)  # a SafeLoader, bounded


def load_front_matter(raw: str) -> FrontMatterFields:
    """Fields of a front matter block; a bad key is dropped with a notice, the rest kept."""
    if len(raw) > MAX_BLOCK_CHARS:
        return FrontMatterFields(
            usable=False, warnings=["front matter is too long to be metadata; kept as text"]
        )
    if flow_depth(raw) > MAX_DEPTH:
        return FrontMatterFields(
            usable=False,
            warnings=[f"front matter is nested more than {MAX_DEPTH} levels deep; kept as text"],
        )
    try:
        data = _load(raw)
    except (yaml.YAMLError, RecursionError, ValueError):
        return _load_key_by_key(raw)
    if data is None:
        return FrontMatterFields()
    if not isinstance(data, dict):
        return FrontMatterFields(
            usable=False, warnings=["front matter is not a set of fields; it was kept as text"]
        )
    return FrontMatterFields(fields=data)


def _load_key_by_key(raw: str) -> FrontMatterFields:
    """Read each top-level key on its own, dropping those that use aliases."""
    result = FrontMatterFields()
    aliased: list[str] = []
    broken: list[str] = []
    for key, text in _top_level_keys(raw):
        try:
            data = _load(text)
        except _AliasFound:
            aliased.append(key)
            continue
        except (yaml.YAMLError, RecursionError, ValueError):
            broken.append(key)
            continue
        if isinstance(data, dict):
            result.fields.update(data)
    if broken:  # a syntax error: the block is kept as text, so nothing typed is lost
        return FrontMatterFields(
            usable=False, warnings=["front matter is not valid YAML; it was kept as text"]
        )
    if aliased:
        result.warnings.append(
            f"front matter {_keys(aliased)} YAML aliases (*name), which are not expanded; dropped"
        )
    return result


def _keys(keys: list[str]) -> str:
    names = ", ".join(f"'{k}'" for k in keys[:5]) + (", …" if len(keys) > 5 else "")
    return f"key {names} uses" if len(keys) == 1 else f"keys {names} use"
