"""Reading a PDF's tagging back: structure tree, languages, parent tree and subset fonts."""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

SUBSET = re.compile(r"^/([A-Z]{6})\+")


def _objects(reader: PdfReader):
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001, S112 - a free entry of the cross-reference table
            continue
        if obj is not None:
            yield number, obj


def structure(content: bytes) -> dict:
    """What a reader of the tags sees: the document element's parts with their language,
    every (element type, language) marked anywhere, and whether each page's StructParents
    names an entry of the parent tree whose elements sit on that very page."""
    reader = PdfReader(BytesIO(content), strict=True)
    catalog = reader.trailer["/Root"]
    root = catalog["/StructTreeRoot"]
    top = root["/K"]
    documents = [k.get_object() for k in (top if isinstance(top, ArrayObject) else [top])]
    languages: Counter = Counter()

    def walk(element):
        if "/Lang" in element:
            languages[(str(element["/S"]), str(element["/Lang"]))] += 1
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, DictionaryObject) and kid.get("/Type") not in ("/OBJR", "/MCR"):
                walk(kid)

    for document in documents:
        walk(document)
    nums = root["/ParentTree"]["/Nums"]
    entries = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    pages_point_right = []
    for page in reader.pages:
        key = page.get("/StructParents")
        if key is None:
            pages_point_right.append(None)
            continue
        elements = entries.get(int(key))
        pages_point_right.append(
            elements is not None
            and all(
                e.get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum
                for e in elements
            )
        )
    parts = documents[0].get("/K", []) if len(documents) == 1 else []
    return {
        "documents": [str(d["/S"]) for d in documents],
        "parts": [(str(p.get_object()["/S"]), str(p.get_object().get("/Lang", ""))) for p in parts],
        "languages": languages,
        "pages_point_right": pages_point_right,
        "catalog": catalog,
        "metadata": catalog["/Metadata"].get_object().get_data().decode(),
    }


def subset_tags(content: bytes) -> dict[str, Counter]:
    """For each subset tag, how many distinct font programs (FontFile streams) carry it."""
    reader = PdfReader(BytesIO(content), strict=True)
    programs: dict[str, set[int]] = {}
    for _number, obj in _objects(reader):
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/FontDescriptor":
            match = SUBSET.match(str(obj["/FontName"]))
            font_file = next(
                (obj.raw_get(k) for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in obj),
                None,
            )
            if match and font_file is not None:
                programs.setdefault(match.group(1), set()).add(font_file.idnum)
    return {tag: len(files) for tag, files in programs.items()}


def base_font_tags_agree(content: bytes) -> bool:
    """Each Type0 font's name, its descendant's name and its descriptor's name share a tag."""
    reader = PdfReader(BytesIO(content), strict=True)
    for _number, obj in _objects(reader):
        if isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/Type0":
            descendant = obj["/DescendantFonts"][0].get_object()
            names = {
                str(obj["/BaseFont"]),
                str(descendant["/BaseFont"]),
                str(descendant["/FontDescriptor"]["/FontName"]),
            }
            if len(names) != 1:
                return False
    return True
