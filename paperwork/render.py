"""A drafted document (`casework.documents.Document`) as PDF and DOCX bytes.

PDF: reportlab, with a TrueType CJK font embedded (subset), so the file reads the same on a
phone with no Chinese fonts. reportlab reads TrueType outlines only (not the CFF outlines of
the Noto CJK OTFs), so the font is WenQuanYi Micro Hei from Debian's fonts-wqy-microhei
(a TTC: the first face), which scripts/setup.sh installs. No font, no PDF: `FontMissing` says
what to install instead of producing boxes.

DOCX: python-docx, East Asian font set on every run (Word otherwise falls back to a Latin
font for the Chinese). Blanks the worker fills in are red in both.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from casework.documents import MARK, Document

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),   # Debian / Ubuntu: fonts-wqy-microhei
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),   # Fedora, Arch
)
FONT_NAME = "HotlineCJK"
DOCX_EAST_ASIAN_FONT = "宋体"   # SimSun: on every Chinese Windows and in WPS
DOCX_LATIN_FONT = "Times New Roman"
NOTES_HEADING = "给您的说明（这一页是给您看的，不用交）"
BLANK_COLOUR = "B00000"


class FontMissing(RuntimeError):
    """No TrueType CJK font on this machine: a PDF would show boxes instead of Chinese."""


def font_path(candidates: tuple[Path, ...] = FONT_CANDIDATES) -> Path:
    for path in candidates:
        if path.is_file():
            return path
    raise FontMissing("no Chinese TrueType font for the PDF documents: looked for "
                      + ", ".join(str(p) for p in candidates)
                      + " — install Debian's fonts-wqy-microhei (scripts/setup.sh does: apt-get install fonts-wqy-microhei)")


@lru_cache(maxsize=4)
def _register(path: Path) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"{FONT_NAME}-{abs(hash(str(path))) % 10_000}"
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return name


def _marked(text: str) -> str:
    """Reportlab paragraph markup: the text escaped, blanks in red."""
    return MARK.sub(lambda m: f'<font color="#{BLANK_COLOUR}">{m.group(0)}</font>', escape(text))


def render_pdf(document: Document, font: Path | None = None) -> bytes:
    """The document on A4, notes for the worker on a page of their own."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    name = _register(font_path((font,) if font else FONT_CANDIDATES))
    body = ParagraphStyle("body", fontName=name, fontSize=11.5, leading=19, wordWrap="CJK", spaceAfter=3)
    title = ParagraphStyle("title", parent=body, fontSize=19, leading=28, alignment=TA_CENTER, spaceAfter=12)
    heading = ParagraphStyle("heading", parent=body, fontSize=13, leading=22, spaceBefore=8)
    indented = ParagraphStyle("indented", parent=body, firstLineIndent=23)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    story = [Paragraph(_marked(document.title), title)]
    if document.salutation:
        story.append(Paragraph(_marked(f"{document.addressee}："), heading))
    for section in document.sections:
        if section.heading:
            story.append(Paragraph(_marked(section.heading), heading))
        style = body if section.heading else indented
        story += [Paragraph(_marked(line), style) for line in section.paragraphs]
    if not document.salutation:
        story += [Spacer(1, 6 * mm), Paragraph("此致", indented), Paragraph(_marked(document.addressee), body)]
    story.append(Spacer(1, 10 * mm))
    story += [Paragraph(_marked(line), right) for line in document.signature]
    if document.notes:
        story += [PageBreak(), Paragraph(NOTES_HEADING, heading)]
        story += [Paragraph(_marked(f"{n}. {note}"), body) for n, note in enumerate(document.notes, start=1)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                      bottomMargin=20 * mm, title=document.title, author="12351职工服务热线（智能助手起草）",
                      subject=document.title).build(story)
    return out.getvalue()


def _run(paragraph, text: str, size: float | None = None, bold: bool = False, red: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.name = DOCX_LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_EAST_ASIAN_FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None
    if red:
        run.font.color.rgb = RGBColor.from_string(BLANK_COLOUR)
    return run


def _line(doc, text: str, *, size: float = 12, bold: bool = False, align=None, indent: bool = False):
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    position = 0
    for match in MARK.finditer(text):  # blanks in red, so the worker sees every one
        if match.start() > position:
            _run(paragraph, text[position:match.start()], size, bold)
        _run(paragraph, match.group(0), size, bold, red=True)
        position = match.end()
    if position < len(text):
        _run(paragraph, text[position:], size, bold)
    return paragraph


def render_docx(document: Document) -> bytes:
    """The same document for Word or WPS, to edit before printing."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = DOCX_LATIN_FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_EAST_ASIAN_FONT)
    doc.core_properties.title = document.title
    doc.core_properties.author = "12351职工服务热线（智能助手起草）"
    _line(doc, document.title, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if document.salutation:
        _line(doc, f"{document.addressee}：", size=13, bold=True)
    for section in document.sections:
        if section.heading:
            _line(doc, section.heading, size=13, bold=True)
        for text in section.paragraphs:
            _line(doc, text, indent=not section.heading)
    if not document.salutation:
        _line(doc, "此致", indent=True)
        _line(doc, document.addressee)
    for text in document.signature:
        _line(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if document.notes:
        doc.add_page_break()
        _line(doc, NOTES_HEADING, size=13, bold=True)
        for n, note in enumerate(document.notes, start=1):
            _line(doc, f"{n}. {note}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(document: Document, font: Path | None = None) -> list[tuple[str, bytes]]:
    """(file name, content) for the PDF and the DOCX."""
    return [(f"{document.filename}.pdf", render_pdf(document, font)), (f"{document.filename}.docx", render_docx(document))]
