"""Join many PDFs into one while writing it out, so memory does not grow with the pages.

pypdf's PdfWriter (like qpdf) keeps every merged page's objects until it writes the file:
about 0.3 MiB per letter, 150 MiB for a school's 500 letters. Here each source is read,
the objects its pages reach are renumbered and written to the output at once, and the
source is let go; only the byte offset of each object and the number of each page stay
behind. The page tree, catalogue and cross-reference table are written at the end.

The joined file stays a tagged PDF (PDF/UA-1, issue 17): each source's structure tree
(WeasyPrint writes one Document element per file) becomes a Part of one Document, with the
source's language on it, and its parent tree entries are renumbered so that each page's
StructParents still points at the elements of its own marked content. Only the numbers
and object numbers of those entries stay in memory (a few bytes a page), not the trees.
Subset fonts are renamed when their tag was already used by another source: WeasyPrint
derives the tag from the font, so every letter's subset of one font arrives with the same
tag, and ISO 32000-1 §9.6.4 wants one tag per subset (print RIPs that cache fonts by name
would otherwise draw one letter's glyphs with another's subset).
"""

from __future__ import annotations

import re
import secrets
import string
from array import array
from io import BytesIO
from typing import BinaryIO
from xml.sax.saxutils import escape

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    create_string_object,
)

# Object numbers written last but known from the start, so pages can point at their parent
# and the parts' structure elements at the document's.
_CATALOG, _PAGES, _INFO, _STRUCT_ROOT, _DOCUMENT, _PARENT_TREE, _METADATA = range(1, 8)
_FIRST_FREE = 8

# "ABCDEF+Name": a subset font's name (ISO 32000-1 §9.6.4).
_SUBSET_NAME = re.compile(r"^/([A-Z]{6})\+(.*)$")
_FONT_NAME_KEYS = ("/BaseFont", "/FontName")


def _ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)  # type: ignore[arg-type]


class StreamingPdfMerger:
    """Append PDFs (and blank pages) to `output`; call finish() once, at the end."""

    def __init__(self, output: BinaryIO) -> None:
        self._out = output
        # Each object's byte offset, by object number: 8 bytes an object in an array (a
        # pack of a million signers writes more than a million objects; a dict took 90).
        self._offsets = array("Q", bytes(8 * _FIRST_FREE))
        self._next_number = _FIRST_FREE
        self._kids: list[int] = []
        # The parts under the document's structure element, and the parent tree's
        # entries (key, object number of its value), in key order.
        self._parts: list[int] = []
        self._parent_entries: list[tuple[int, int]] = []
        self._next_struct_key = 0
        self._subset_tags: set[str] = set()
        self._finished = False
        # The second line's high bytes tell tools the file holds binary data.
        self._out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    @property
    def page_count(self) -> int:
        return len(self._kids)

    def append(self, content: bytes, *, pad_to_even: bool = False) -> int:
        """Add every page of one PDF (and a blank back if its count is odd and pad_to_even)."""
        reader = PdfReader(BytesIO(content))
        catalog = reader.trailer["/Root"]
        struct_root = catalog.get("/StructTreeRoot")
        language = str(catalog.get("/Lang", "")) or None
        numbers: dict[int, int] = {}
        pending: list[int] = []
        renamed_tags: dict[str, str] = {}
        # The source's parent tree keys move up past those of the parts before it.
        key_offset = self._next_struct_key
        if struct_root is not None:
            root_reference = catalog.raw_get("/StructTreeRoot")
            if isinstance(root_reference, IndirectObject):
                # Elements whose parent is the source's root now hang under the Document.
                numbers[root_reference.idnum] = _DOCUMENT

        def number_for(reference: IndirectObject) -> int:
            if reference.idnum not in numbers:
                numbers[reference.idnum] = self._reserve()
                pending.append(reference.idnum)
            return numbers[reference.idnum]

        def subset_name(name: str) -> NameObject:
            match = _SUBSET_NAME.match(name)
            if match is None:
                return NameObject(name)
            tag, rest = match.groups()
            if tag not in renamed_tags:
                new_tag = tag
                while new_tag in self._subset_tags:
                    new_tag = "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))
                self._subset_tags.add(new_tag)
                renamed_tags[tag] = new_tag
            return NameObject(f"/{renamed_tags[tag]}+{rest}")

        def copy(value: PdfObject) -> PdfObject:
            if isinstance(value, IndirectObject):
                return _ref(number_for(value))
            if isinstance(value, StreamObject):
                stream = type(value)()
                stream._data = value._data  # still encoded: copied as is, never decoded
                for key, item in value.items():
                    if key != "/Length":
                        stream[NameObject(key)] = copy(item)
                return stream
            if isinstance(value, DictionaryObject):
                kind = value.get("/Type")
                if kind in ("/Pages", "/Catalog", "/StructTreeRoot"):
                    return NullObject()  # never pull in the source's own trees
                copied = DictionaryObject()
                for key, item in value.items():
                    if key == "/Parent" and kind == "/Page":
                        copied[NameObject(key)] = _ref(_PAGES)
                    elif key in ("/StructParents", "/StructParent"):
                        copied[NameObject(key)] = NumberObject(int(item) + key_offset)
                    elif key in _FONT_NAME_KEYS and isinstance(item, NameObject):
                        copied[NameObject(key)] = subset_name(item)
                    else:
                        copied[NameObject(key)] = copy(item)
                return copied
            if isinstance(value, ArrayObject):
                return ArrayObject(copy(item) for item in value)
            return value

        last_box = None
        for page in reader.pages:
            self._kids.append(number_for(page.indirect_reference))
            last_box = page.mediabox
        if struct_root is not None:
            self._append_structure(struct_root, language, key_offset, copy, numbers)
        while pending:
            source_number = pending.pop()
            obj = reader.get_object(source_number)
            self._write(numbers[source_number], copy(obj))
        added = len(reader.pages)
        if pad_to_even and added % 2 and last_box is not None:
            self.add_blank_page(float(last_box.width), float(last_box.height))
            added += 1
        return added

    def _append_structure(self, struct_root, language, key_offset, copy, numbers) -> None:
        """The source's top elements as Parts of the document (with its language), and
        its parent tree entries under keys moved up by key_offset."""
        top = struct_root.get("/K")
        top_elements = top if isinstance(top, ArrayObject) else [struct_root.raw_get("/K")]
        for reference in top_elements:
            element = reference.get_object()
            if not isinstance(reference, IndirectObject) or not isinstance(
                element, DictionaryObject
            ):
                continue
            # Numbered before copying: its children point back at it as their parent.
            number = numbers[reference.idnum] = self._reserve()
            part = copy(element)
            if part.get("/S") == "/Document":
                part[NameObject("/S")] = NameObject("/Part")  # one Document per file
            if language and "/Lang" not in part:
                part[NameObject("/Lang")] = create_string_object(language)
            part[NameObject("/P")] = _ref(_DOCUMENT)
            self._write(number, part)
            self._parts.append(number)
        largest = -1
        for key, value in _number_tree_entries(struct_root.get("/ParentTree")):
            copied = copy(value)
            if isinstance(copied, IndirectObject):
                number = copied.idnum  # an annotation's entry: its element itself
            else:
                number = self._reserve()  # a page's entry: the array of its elements
                self._write(number, copied)
            self._parent_entries.append((key + key_offset, number))
            largest = max(largest, key)
        self._next_struct_key = key_offset + largest + 1

    def add_blank_page(self, width: float, height: float) -> None:
        """A page with nothing on it (the back of a one-sided sheet)."""
        page = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Page"),
                NameObject("/Parent"): _ref(_PAGES),
                NameObject("/MediaBox"): ArrayObject(
                    [NumberObject(0), NumberObject(0), FloatObject(width), FloatObject(height)]
                ),
                NameObject("/Resources"): DictionaryObject(),
            }
        )
        number = self._reserve()
        self._write(number, page)
        self._kids.append(number)

    def finish(self, *, title: str, language: str, producer: str) -> int:
        """Write the page tree, structure tree, catalogue, document info, XMP metadata and
        cross-reference table."""
        if self._finished:
            raise RuntimeError("finish() was already called")
        self._finished = True
        kids = ArrayObject(_ref(n) for n in self._kids)
        self._write(
            _PAGES,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Pages"),
                    NameObject("/Kids"): kids,
                    NameObject("/Count"): NumberObject(len(self._kids)),
                }
            ),
        )
        self._write(
            _DOCUMENT,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject("/Document"),
                    NameObject("/P"): _ref(_STRUCT_ROOT),
                    NameObject("/Lang"): create_string_object(language),
                    NameObject("/K"): ArrayObject(_ref(n) for n in self._parts),
                }
            ),
        )
        nums = ArrayObject()
        for key, number in sorted(self._parent_entries):
            nums += [NumberObject(key), _ref(number)]
        self._write(_PARENT_TREE, DictionaryObject({NameObject("/Nums"): nums}))
        self._write(
            _STRUCT_ROOT,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructTreeRoot"),
                    NameObject("/K"): ArrayObject([_ref(_DOCUMENT)]),
                    NameObject("/ParentTree"): _ref(_PARENT_TREE),
                    NameObject("/ParentTreeNextKey"): NumberObject(self._next_struct_key),
                }
            ),
        )
        metadata = StreamObject()
        metadata._data = _xmp(title=title, language=language, producer=producer)
        metadata[NameObject("/Type")] = NameObject("/Metadata")
        metadata[NameObject("/Subtype")] = NameObject("/XML")
        self._write(_METADATA, metadata)
        self._write(
            _CATALOG,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Catalog"),
                    NameObject("/Pages"): _ref(_PAGES),
                    NameObject("/Lang"): create_string_object(language),
                    NameObject("/StructTreeRoot"): _ref(_STRUCT_ROOT),
                    NameObject("/MarkInfo"): DictionaryObject(
                        {NameObject("/Marked"): BooleanObject(True)}
                    ),
                    # Readers show the title, not the file name (PDF/UA-1 §7.1).
                    NameObject("/ViewerPreferences"): DictionaryObject(
                        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
                    ),
                    NameObject("/Metadata"): _ref(_METADATA),
                }
            ),
        )
        self._write(
            _INFO,
            DictionaryObject(
                {
                    NameObject("/Title"): create_string_object(title),
                    NameObject("/Creator"): create_string_object(producer),
                    NameObject("/Producer"): create_string_object(producer),
                }
            ),
        )
        xref_at = self._out.tell()
        size = self._next_number
        lines = [f"xref\n0 {size}\n", "0000000000 65535 f \n"]
        lines += [f"{self._offsets[n]:010d} 00000 n \n" for n in range(1, size)]
        self._out.write("".join(lines).encode("ascii"))
        file_id = secrets.token_hex(16)
        self._out.write(
            f"trailer\n<< /Size {size} /Root {_CATALOG} 0 R /Info {_INFO} 0 R "
            f"/ID [<{file_id}> <{file_id}>] >>\nstartxref\n{xref_at}\n%%EOF\n".encode("ascii")
        )
        return len(self._kids)

    def _reserve(self) -> int:
        number = self._next_number
        self._next_number += 1
        self._offsets.append(0)
        return number

    def _write(self, number: int, obj: PdfObject) -> None:
        self._offsets[number] = self._out.tell()
        self._out.write(f"{number} 0 obj\n".encode("ascii"))
        obj.write_to_stream(self._out)
        self._out.write(b"\nendobj\n")


def _number_tree_entries(node) -> list[tuple[int, PdfObject]]:
    """A number tree's (key, value) pairs, values as stored (references stay references)."""
    if node is None:
        return []
    node = node.get_object()
    entries: list[tuple[int, PdfObject]] = []
    nums = node.get("/Nums")
    if nums is not None:
        entries += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", []):
        entries += _number_tree_entries(kid)
    return entries


def _xmp(*, title: str, language: str, producer: str) -> bytes:
    """XMP metadata declaring PDF/UA-1 (ISO 14289-1 §5), with the title and language."""
    title, language, producer = (escape(v, {'"': "&quot;"}) for v in (title, language, producer))
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
        "<pdfuaid:part>1</pdfuaid:part>\n"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>\n'
        f"<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>\n"
        f"<pdf:Producer>{producer}</pdf:Producer>\n"
        f"<xmp:CreatorTool>{producer}</xmp:CreatorTool>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()
