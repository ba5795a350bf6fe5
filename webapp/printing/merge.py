"""Join many PDFs into one while writing it out, so memory does not grow with the pages.

pypdf's PdfWriter (like qpdf) keeps every merged page's objects until it writes the file:
about 0.3 MiB per letter, 150 MiB for a school's 500 letters. Here each source is read,
the objects its pages reach are renumbered and written to the output at once, and the
source is let go; only the byte offset of each object and the number of each page stay
behind. The page tree, catalogue and cross-reference table are written at the end.
"""

from __future__ import annotations

import secrets
from io import BytesIO
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
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

# Object numbers written last but known from the start, so pages can point at their parent.
_CATALOG, _PAGES, _INFO = 1, 2, 3


class StreamingPdfMerger:
    """Append PDFs (and blank pages) to `output`; call finish() once, at the end."""

    def __init__(self, output: BinaryIO) -> None:
        self._out = output
        self._offsets: dict[int, int] = {}
        self._next_number = _INFO + 1
        self._kids: list[int] = []
        self._finished = False
        # The second line's high bytes tell tools the file holds binary data.
        self._out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    @property
    def page_count(self) -> int:
        return len(self._kids)

    def append(self, content: bytes, *, pad_to_even: bool = False) -> int:
        """Add every page of one PDF (and a blank back if its count is odd and pad_to_even)."""
        reader = PdfReader(BytesIO(content))
        numbers: dict[int, int] = {}
        pending: list[int] = []

        def number_for(reference: IndirectObject) -> int:
            if reference.idnum not in numbers:
                numbers[reference.idnum] = self._reserve()
                pending.append(reference.idnum)
            return numbers[reference.idnum]

        def copy(value: PdfObject) -> PdfObject:
            if isinstance(value, IndirectObject):
                return IndirectObject(number_for(value), 0, None)  # type: ignore[arg-type]
            if isinstance(value, StreamObject):
                stream = type(value)()
                stream._data = value._data  # still encoded: copied as is, never decoded
                for key, item in value.items():
                    if key != "/Length":
                        stream[NameObject(key)] = copy(item)
                return stream
            if isinstance(value, DictionaryObject):
                if value.get("/Type") in ("/Pages", "/Catalog"):
                    return NullObject()  # never pull in the source's own page tree
                copied = DictionaryObject()
                for key, item in value.items():
                    copied[NameObject(key)] = (
                        IndirectObject(_PAGES, 0, None)  # type: ignore[arg-type]
                        if key == "/Parent" and value.get("/Type") == "/Page"
                        else copy(item)
                    )
                return copied
            if isinstance(value, ArrayObject):
                return ArrayObject(copy(item) for item in value)
            return value

        last_box = None
        for page in reader.pages:
            self._kids.append(number_for(page.indirect_reference))
            last_box = page.mediabox
        while pending:
            source_number = pending.pop()
            obj = reader.get_object(source_number)
            self._write(numbers[source_number], copy(obj))
        added = len(reader.pages)
        if pad_to_even and added % 2 and last_box is not None:
            self.add_blank_page(float(last_box.width), float(last_box.height))
            added += 1
        return added

    def add_blank_page(self, width: float, height: float) -> None:
        """A page with nothing on it (the back of a one-sided sheet)."""
        page = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Page"),
                NameObject("/Parent"): IndirectObject(_PAGES, 0, None),  # type: ignore[arg-type]
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
        """Write the page tree, catalogue, document info and cross-reference table."""
        if self._finished:
            raise RuntimeError("finish() was already called")
        self._finished = True
        kids = ArrayObject(IndirectObject(n, 0, None) for n in self._kids)  # type: ignore[arg-type]
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
            _CATALOG,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Catalog"),
                    NameObject("/Pages"): IndirectObject(_PAGES, 0, None),  # type: ignore[arg-type]
                    NameObject("/Lang"): create_string_object(language),
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
        return number

    def _write(self, number: int, obj: PdfObject) -> None:
        self._offsets[number] = self._out.tell()
        self._out.write(f"{number} 0 obj\n".encode("ascii"))
        obj.write_to_stream(self._out)
        self._out.write(b"\nendobj\n")
