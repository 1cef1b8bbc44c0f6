"""Reading the text of the PDFs we make, in pure Python (no system tools needed)."""

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """All text of all pages, with runs of white space folded (PDFs break lines where pages do)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
