"""The board's layers (etc/chittyos/layers.yml) hold every category an entity names, each layer once.

The site gives each layer a page (by number) and places each entity on the
layer of its category; these rules make sure that whatever passes the check
can be drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..model import MODEL_BY_NAME, Ecosystem, Entity, Models
from ..violations import Related, Violation
from . import Check, Input, Stage, error, every_entity

LAYERS_FILE = MODEL_BY_NAME["layers"].path

UNKNOWN_CATEGORY = error(
    "layers/unknown-category", "An entity names a category that no layer of the board holds.",
    f"Add a layer with that category to {LAYERS_FILE}, or use a category one of its layers holds.",
    "Every entity sits on one layer of the board; a category without a layer cannot be placed or linked.",
    applies=every_entity)
DUPLICATE_NUMBER = error(
    "layers/duplicate-number", "Two layers share a number.",
    "Give each layer its own number; the number is the layer's place on the board and its page.")


def check_categories(models: Models) -> Callable[[Entity], Iterator[Violation]]:
    # no layers at all: the file's own findings (missing, empty, invalid) say why
    unplaced = models.layers_document is None or not models.layers
    categories = {layer.category for layer in models.layers}
    allowed = set(models.vocabulary.categories)  # a category outside the schema's list is the schema's finding

    def check(entity: Entity) -> Iterator[Violation]:
        if unplaced:
            return
        for index, category in enumerate(entity.categories):
            if category and category not in categories and (not allowed or category in allowed):
                field = "category" if index == 0 else "additional_categories"
                at: tuple = ("category",) if index == 0 else ("additional_categories", entity.additional_categories.index(category))
                if not entity.document.has(at):
                    at = ()
                yield UNKNOWN_CATEGORY.finding(entity.path, entity.document.locate(at, value=True),
                                               f"category '{category}' is on no layer of {LAYERS_FILE}",
                                               entity=entity.name, field=field)
    return check


def check_numbers(eco: Ecosystem) -> Iterable[Violation]:
    document = eco.layers_document
    if document is None:
        return
    first: dict[int, int] = {}
    entries = document.data.get("layers") if isinstance(document.data, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        number = entry.get("number") if isinstance(entry, dict) else None
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        if number in first:
            line, col = document.locate(("layers", first[number], "number"), value=True)
            yield DUPLICATE_NUMBER.finding(document.path, document.locate(("layers", index, "number"), value=True),
                                           f"layer {number} is defined twice", entity="layers",
                                           field=f"layers[{index}].number",
                                           related=(Related(document.path, line, col, "the first layer with this number"),))
        else:
            first[number] = index


CHECK = Check("layers", Stage.ENTITY, (UNKNOWN_CATEGORY,), check_categories, reads=(Input.LAYERS, Input.SCHEMAS))
NUMBERS = Check("layer-numbers", Stage.ECOSYSTEM, (DUPLICATE_NUMBER,), check_numbers, reads=(Input.LAYERS,))
