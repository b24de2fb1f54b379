"""The paper's files from the executed notebook: HTML through nbconvert (outputs only, our stylesheet,
no scripts), and the PDF through WeasyPrint (HTML and CSS paged media)."""

from __future__ import annotations

import contextlib
import functools
import io
import os
from pathlib import Path

from .._inputs.errors import KpiError

TEMPLATES = Path(__file__).resolve().parents[1] / "_papers" / "templates"
CSS = TEMPLATES / "paper.css"
NBCONVERT_TEMPLATES = TEMPLATES / "nbconvert"


PANGO = (
    "WeasyPrint cannot load the Pango library it draws text with ({}): install it "
    "(on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)


class EnvironmentProblem(KpiError):
    """Something the build needs is missing from this machine; the message says what to install."""


@functools.cache
def _exporter_class():
    """nbconvert's HTMLExporter without its last step, a BeautifulSoup pass over the whole page.

    That pass gives an image without alt text a placeholder and makes JupyterLab's cell wrappers
    focusable. Our template has no such wrappers and every image we make carries its alt text, so
    the pass would only parse and write the page out again: 0.1-0.15 s of each paper's CPU."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PaperExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            resources = self._init_resources(resources)
            # The one filter of HTMLExporter's own that our template (display_priority.j2) uses.
            data_types = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            self.register_filter("filter_data_type", data_types)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PaperExporter


def export_html(notebook, paper) -> str:
    """The executed notebook as the paper's HTML: outputs only, our stylesheet, no scripts."""
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {"guide", "parameters", "injected-parameters"}
    exporter = _exporter_class()(
        config=config, template_name="paper", extra_template_basedirs=[str(NBCONVERT_TEMPLATES)]
    )
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    from .html import css_string
    from .regions import scroll_regions

    council = paper.council
    running_head = f"{council.name} · {council.committee}" + (" · SYNTHETIC DEMO DATA" if council.synthetic else "")
    resources = {
        "paper_css": CSS.read_text(encoding="utf-8"),
        "paper_title": f"{council.name}: {council.committee}, {council.report_title}, {paper.month.long}",
        "running_head_css": css_string(running_head),  # written into <style>: escaped as CSS, not HTML
    }
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return scroll_regions(body)


def weasyprint_html():
    """WeasyPrint's HTML class; EnvironmentProblem saying what to install if its libraries are missing."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints a page of advice first
            from weasyprint import HTML
    except OSError as exc:
        raise EnvironmentProblem(PANGO.format(str(exc).splitlines()[0])) from None
    return HTML


@functools.cache
def _font_config():
    """One Fontconfig configuration for every paper this process renders: Pango's caches of our fonts'
    metrics stay warm from one paper to the next (0.05 s a paper), and the PDF bytes are the same.
    Our stylesheet has no @font-face rule, the one thing a document would add to it."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# PDF/UA-1 asks every table header cell for its scope; WeasyPrint tags a <th> as TH but leaves the
# scope out, so the HTML's is copied across (a <th> without one heads its column, as in HTML).
HEADER_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def scope_headers(document, pdf) -> None:
    """WeasyPrint finisher: give each TH structure element its HTML <th>'s scope."""
    from weasyprint.formatting_structure import boxes

    def walk(box) -> None:
        # `mark` is the structure element WeasyPrint's tagging hung on each cell box.
        if isinstance(box, boxes.TableCellBox) and box.element_tag == "th" and hasattr(box, "mark"):
            box.mark["A"]["Scope"] = HEADER_SCOPES.get(box.element.get("scope"), "/Column")
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)


def write_pdf(html: str, target: Path, folder: Path) -> list[str]:
    """Render the paper's HTML to a tagged A4 PDF/UA-1 with WeasyPrint (print media); returns the URLs refused.

    The paper embeds its images as data: URIs; WeasyPrint may read nothing else but image files
    inside the council's `folder`, so no build reaches the network or the rest of the disk.
    """
    import logging

    from .._render.pdf_fetcher import PaperFetcher

    HTML = weasyprint_html()
    # fontTools stamps each embedded font subset with the time it was made unless this is set:
    # without it two builds of the same inputs give different PDF bytes.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = PaperFetcher(folder)
    HTML(string=html, base_url=str(folder.resolve()) + "/", url_fetcher=fetcher).write_pdf(
        str(target), pdf_variant="pdf/ua-1", finisher=scope_headers, font_config=_font_config()
    )
    return fetcher.refused
