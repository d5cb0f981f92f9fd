"""PyYAML's path through a source: its values with their positions, for a text yaml-rs may not read
(fast_yaml.py), and the node tree `Document.locate` finds positions in.

Imported only when a text needs it: PyYAML's import is a tenth of a re-check's
time, and a re-check after an edit seldom needs it (siteconfig.py reads
mkdocs.yml with PyYAML on its own).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from .reading import MAX_DEPTH, MAX_EXPANDED_NODES, DuplicateKey, Failure, LineIndex, LoadError, load_error, long_number_position, scalar_problem

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ComplexKey(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


class _SourceLoader(_BaseLoader):
    """Safe loader whose keys are always the key's text and which rejects duplicates.

    Keys keep their written text so that `on:` or `1:` do not turn into booleans
    or integers, and dates stay strings, as JSON Schema expects.
    """

    _starts = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k is not None)
    _any_start = None in _BaseLoader.yaml_implicit_resolvers

    def resolve(self, kind, value, implicit):
        """PyYAML tries every implicit type's regex on every plain scalar from Python (a quarter
        of parsing); almost all values start with a letter no implicit type starts with."""
        if kind is yaml.ScalarNode and implicit[0] and value and not self._any_start and value[0] not in self._starts:
            return "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        first_marks: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _ComplexKey(key_node.start_mark)
            key = key_node.value
            if key in first_marks:
                raise DuplicateKey(key, first_marks[key], key_node.start_mark)
            first_marks[key] = key_node.start_mark
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_UNRESOLVED = "tag:getchitty.invalid,2026:unresolved"
_STARTS, _ANY_START = _SourceLoader._starts, _SourceLoader._any_start


class _UntaggedLoader(_SourceLoader):
    """The loader of a text without tags, aliases or merge keys, which is how nearly every source reads.

    The parser asks the loader to resolve every node's tag and to track its path, through three Python calls per
    node: a third of composing. None is needed here (no path resolvers in a safe loader; collections are what
    they are), so all three are C callables that ignore their arguments, every node keeps the tag _UNRESOLVED,
    and _plain resolves only the plain scalars that may be something other than text, as `resolve` would.
    """

    resolve = _UNRESOLVED.format  # resolve(kind, value, implicit): a text without fields ignores what it is given
    descend_resolver = slice  # descend_resolver(parent, index)
    ascend_resolver = tuple  # ascend_resolver()


def _construct_text(loader, node):
    return loader.construct_scalar(node)


_SourceLoader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node, deep=True))
_SourceLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
_SourceLoader.add_constructor("tag:yaml.org,2002:binary", _construct_text)


def _places(root: Any) -> list:
    """A composed YAML tree reduced to what `Document.locate` reads: for each node, a _Place: [the offset where it
    starts, its children], the children of a mapping being {key text: (the key's offset, its _Place)} (the first
    of equal keys) and those of a sequence a list of _Places. PyYAML's nodes carry two marks each, six objects a
    scalar: kept for every manifest a build locates facts in, they held 33 MB of a 1,000-service build (tracemalloc).
    Walked with a stack, not recursion (no depth limit to reach); a node an alias shares is reduced once."""
    made: dict[int, list] = {}
    pending: list[tuple[Any, list]] = []

    def place(node: Any) -> list:
        found = made.get(id(node))
        if found is None:
            found = made[id(node)] = [node.start_mark.index, None]
            pending.append((node, found))
        return found

    top = place(root)
    while pending:
        node, found = pending.pop()
        if isinstance(node, yaml.MappingNode):
            children: dict[str, tuple[int, list]] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value not in children:
                    children[key_node.value] = (key_node.start_mark.index, place(value_node))
            found[1] = children
        elif isinstance(node, yaml.SequenceNode):
            found[1] = [place(item) for item in node.value]
    return top


def places(text: str) -> list | None:
    """The _Place of the text's root node; None for an empty text or one that does not compose."""
    try:
        tree = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
    return _places(tree) if tree is not None else None


def parse(relpath: str, text: str) -> tuple[Any, list[LoadError]]:
    """The text's values, or why it does not parse, with positions: what fast_yaml.values has to agree with."""
    aliases = _may_alias(text)
    # every tag is written with "!", a merge key as "<<": a text holding neither (nor an alias) has no node whose
    # tag or sharing _plain would have to honour
    loader = (_SourceLoader if aliases or "!" in text or "<<" in text else _UntaggedLoader)(text)
    try:
        node = loader.get_single_node()
        if node is not None and aliases and _expanded_size(node) > MAX_EXPANDED_NODES:
            return None, [load_error(Failure.ALIAS_EXPANSION,
                relpath, _first_alias_position(text),
                f"aliases expand to more than {MAX_EXPANDED_NODES:,} values")]
        if node is None:
            return None, []
        if aliases or "<<" in text:  # aliases or merge keys: PyYAML's constructor shares and merges
            return loader.construct_document(node), []
        return _plain(loader, node), []
    except DuplicateKey as dup:
        lines = LineIndex(text)
        return None, [load_error(Failure.DUPLICATE_KEY,
            relpath, lines.mark(dup.second),
            f"duplicate key '{dup.key}' (first defined at line {lines.mark(dup.first)[0]})")]
    except _ComplexKey as bad:
        return None, [load_error(Failure.COMPLEX_KEY,
            relpath, LineIndex(text).mark(bad.mark), "a mapping key must be a plain name, not a list or mapping")]
    except yaml.MarkedYAMLError as exc:
        lines = LineIndex(text)
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "\\t" in problem or "tab character" in problem or _char_at(text, mark) == "\t":
            problem += " (indent with spaces, not tabs)"
        elif exc.problem and exc.context and exc.context_mark is not None:
            # e.g. "found unexpected end of stream (while scanning a quoted scalar started at line 3, column 7)"
            line, col = lines.mark(exc.context_mark)
            problem += f" ({exc.context} started at line {line}, column {col})"
        return None, [load_error(Failure.INVALID_YAML, relpath, lines.mark(mark), problem)]
    except yaml.reader.ReaderError as exc:
        # libyaml counts the offset in bytes of the UTF-8 text, PyYAML's reader in characters
        offset = exc.position
        if _BaseLoader is not yaml.SafeLoader:
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        return None, [load_error(Failure.INVALID_YAML, relpath, LineIndex(text).position(offset),
                             f"character {_codepoint(exc.character)} is not allowed in YAML ({exc.reason})")]
    except _BadScalar as bad:
        return None, [load_error(Failure.INVALID_YAML, relpath, LineIndex(text).mark(bad.mark), bad.message)]
    except RecursionError:
        return None, [load_error(Failure.INVALID_YAML, relpath, (1, 1), f"nesting is too deep (more than {MAX_DEPTH} levels)")]
    except (yaml.YAMLError, ValueError) as exc:
        return None, [load_error(Failure.INVALID_YAML, relpath, long_number_position(text), scalar_problem(exc))]
    finally:
        loader.dispose()


def _codepoint(character: Any) -> str:
    code = character if isinstance(character, int) else ord(character) if isinstance(character, str) and character else 0
    return f"U+{code:04X}"


class _BadScalar(Exception):
    """A scalar PyYAML's constructor cannot turn into a value (an integer of thousands of digits)."""

    def __init__(self, mark: Any, message: str):
        self.mark, self.message = mark, message


def _char_at(text: str, mark) -> str:
    """The character a YAML error mark points at ('' when it points past the text)."""
    if mark is None or not 0 <= mark.index < len(text):
        return ""
    return text[mark.index]


def _may_alias(text: str) -> bool:
    """False only when `text` cannot hold a YAML alias, which is how nearly every source reads: no '*' at the
    start of a line or after whitespace, '[', '{', ',' or ':'. A scan from '*' to '*': a regular expression
    without a literal to start from tried every position of a large file."""
    at = text.find("*")
    while at >= 0:
        if at == 0 or text[at - 1].isspace() or text[at - 1] in "[{,:":
            return True
        at = text.find("*", at + 1)
    return False


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_SEQUENCE_TAGS, _MAPPING_TAGS = frozenset((_SEQ, _UNRESOLVED)), frozenset((_MAP, _UNRESOLVED))


def _plain(loader: _SourceLoader, node, depth: int = 0) -> Any:
    """What construct_document returns for a tree without aliases or merge keys, in a fraction of the time.

    PyYAML's constructor keeps per-node bookkeeping (memo, recursion guard,
    generators) that only aliases need; it was half the cost of parsing.
    """
    if depth > MAX_DEPTH:
        raise RecursionError
    kind = node.__class__
    if kind is yaml.ScalarNode:
        tag = node.tag
        if tag == _UNRESOLVED:  # as _SourceLoader.resolve would: quoted and block scalars are text, so is a plain one
            value = node.value  # no implicit type starts with; the others are resolved
            if node.style or (value and not _ANY_START and value[0] not in _STARTS):
                return value
            tag = node.tag = _SourceLoader.resolve(loader, yaml.ScalarNode, value, (True, False))
        if tag == _STR:
            return node.value
        try:
            return loader.construct_object(node)
        except ValueError as exc:
            raise _BadScalar(node.start_mark, scalar_problem(exc)) from None
    if kind is yaml.SequenceNode and node.tag in _SEQUENCE_TAGS:
        return [_plain(loader, item, depth + 1) for item in node.value]
    if kind is yaml.MappingNode and node.tag in _MAPPING_TAGS:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _ComplexKey(key_node.start_mark)
            key = key_node.value
            if key in mapping:
                first = next(k.start_mark for k, _ in node.value if k.value == key)
                raise DuplicateKey(key, first, key_node.start_mark)
            mapping[key] = _plain(loader, value_node, depth + 1)
        return mapping
    return loader.construct_object(node, deep=True)


def _expanded_size(root) -> int:
    """Size of the document once every alias is expanded, computed without expanding."""
    sizes: dict[int, int] = {}

    def size(node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a recursive alias counts once instead of looping
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in node.value)
        else:
            total = 1
        sizes[id(node)] = total
        return total

    return size(root)


def _first_alias_position(text: str) -> tuple[int, int]:
    for number, line in enumerate(text.split("\n"), 1):
        col = line.find("*")
        if col >= 0 and not line.lstrip().startswith("#"):
            return (number, col + 1)
    return (1, 1)


def json_key_position(text: str, key: str) -> tuple[int, int]:
    """Position of the repeated `"key":`, the one JSON would silently keep.

    JSON objects are YAML flow mappings, so the node tree finds the repeat inside
    the object that holds it; the first object to close with a repeat is the one
    the JSON parser rejected. A text search is the fallback for JSON that YAML
    does not read.
    """
    try:
        tree = yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        tree = None
    mark = _repeated_key(tree, key) if tree is not None else None
    if mark is not None:
        return LineIndex(text).mark(mark)
    needle = json.dumps(key)
    seen = 0
    for number, line in enumerate(text.split("\n"), 1):
        start = 0
        while (col := line.find(needle, start)) >= 0:
            start = col + 1
            if line[col + len(needle):].lstrip().startswith(":"):
                seen += 1
                if seen == 2:
                    return (number, col + 1)
    return (1, 1)


def _repeated_key(node, key: str, depth: int = 0):
    """Mark of the second `key` in the first mapping (in closing order) that repeats it."""
    if depth > 500:
        return None
    children = []
    if isinstance(node, yaml.MappingNode):
        children = [item for pair in node.value for item in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    for child in children:
        mark = _repeated_key(child, key, depth + 1)
        if mark is not None:
            return mark
    if isinstance(node, yaml.MappingNode):
        seen = False
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                if seen:
                    return key_node.start_mark
                seen = True
    return None
