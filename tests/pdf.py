"""Reading the text of the PDFs we make, in pure Python (no system tools needed)."""

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """All text of all pages, with runs of white space folded (PDFs break lines where pages do)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def is_tagged(pdf: bytes) -> bool:
    """A tagged PDF: the catalogue has a structure tree and says its content is marked."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    return "/StructTreeRoot" in root and mark_info is not None and bool(mark_info.get_object().get("/Marked"))
