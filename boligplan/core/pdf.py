"""The one way the app turns HTML into a PDF: self-contained and tagged for assistive technology.

Every document the app hands out (letters, the child's plan, the access report, the national
report) goes through `render_pdf`, so each is a tagged PDF/UA-1 file: a screen reader can follow
its headings, lists and tables, and its language and title are declared. Nothing is fetched while
rendering (no network, no files), so a template can never leak a request or pull in a stranger's
stylesheet.
"""

# PDF/UA-1 (ISO 14289-1): WeasyPrint writes the structure tree, MarkInfo and the document title.
PDF_VARIANT = "pdf/ua-1"


def refuse_fetch(url, *args, **kwargs):
    raise ValueError("a PDF made by the app loads nothing from outside")


def render_pdf(html: str, *, stylesheet: str | None = None) -> bytes:
    """PDF bytes for a complete HTML document; the template must set <html lang> and <title>."""
    from weasyprint import CSS, HTML  # imported late: it loads system libraries that pages don't need

    stylesheets = [CSS(string=stylesheet, url_fetcher=refuse_fetch)] if stylesheet else []
    return HTML(string=html, url_fetcher=refuse_fetch).write_pdf(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)
