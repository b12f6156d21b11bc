"""Drafted documents as files (paperwork/): the PDF read back with pdftotext, the DOCX with
python-docx, page 1 rendered to a PNG to look at; Chinese from the embedded TrueType font."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import docx
import pytest

from casework import figures
from casework.documents import build
from paperwork.render import FontMissing, font_path, render, render_docx, render_pdf

TODAY = dt.date(2026, 11, 30)
FACTS = {"monthly_wage": 5000, "months_unpaid": 3, "months_worked": 10, "written_contract": False, "city": "杭州",
         "employer": "杭州美美服装有限公司", "evidence": ["工资条", "微信聊天记录"]}
PREVIEW = Path("/work/scratch/doc-page.png")


def document(kind: str = "arbitration", topic: str = "wage_arrears", facts: dict | None = None):
    facts = FACTS if facts is None else facts
    return build(kind, topic, facts, figures.figures(facts, topic, TODAY), TODAY)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", "", text)  # lines wrap anywhere in Chinese


@pytest.mark.stack  # pdftotext, pdftoppm: processes (tests/test_markers.py)
@pytest.mark.parametrize("kind, topic, expected", [
    ("arbitration", "wage_arrears", ["劳动仲裁申请书", "15,000元", "45,000元", "以上金额合计60,000元", "《劳动合同法》第十条、第八十二条",
                                     "《劳动法》第五十条", "杭州市劳动人事争议仲裁委员会", "【请填写：身份证号】",
                                     "杭州美美服装有限公司【请核对：单位全称，以营业执照为准】"]),
    ("complaint", "wage_arrears", ["劳动保障监察投诉书", "15,000元", "《劳动保障监察条例》第二十六条",
                                   "《劳动保障监察条例》第二十四条", "杭州市人力资源和社会保障局"]),
    ("resignation", "wage_arrears", ["被迫解除劳动合同通知书", "《劳动合同法》第三十八条第一款第（二）项",
                                     "《劳动合同法》第四十六条", "拖欠本人工资15,000元", "就没有这份工作和工资了"]),
])
def test_the_pdf_reads_back_with_amounts_and_articles(tmp_path, kind, topic, expected):
    text = pdf_text(render_pdf(document(kind, topic)), tmp_path)
    for words in expected:
        assert words in text, words


@pytest.mark.stack  # pdftotext, pdftoppm: processes (tests/test_markers.py)
def test_page_one_renders_chinese_glyphs_not_boxes(tmp_path):
    """The first page as a PNG (kept at /work/scratch/doc-page.png to look at); the PDF embeds its font."""
    pdf = render_pdf(document())
    (tmp_path / "doc.pdf").write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "doc.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"TrueType.*yes\s+yes", fonts)  # embedded, subset
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "doc.pdf"),
                    str(tmp_path / "page")], check=True)
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000  # a page of text, not a blank one
    if PREVIEW.parent.is_dir():
        PREVIEW.write_bytes(png)


def test_the_docx_reads_back_with_the_east_asian_font_and_red_blanks():
    content = render_docx(document())
    opened = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert opened.paragraphs[0].text == "劳动仲裁申请书"
    assert "请求裁决被申请人支付拖欠的工资15,000元" in text and "《劳动合同法》第十条、第八十二条" in text
    assert "此致\n杭州市劳动人事争议仲裁委员会" in text
    runs = [r for p in opened.paragraphs for r in p.runs if r.text]
    east_asian = {r._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
                  for r in runs}
    assert east_asian == {"宋体"}
    blanks = [r for r in runs if r.text.startswith("【请填写")]
    assert blanks and all(str(r.font.color.rgb) == "B00000" for r in blanks)


def test_the_worker_notes_follow_the_document_in_the_docx():
    opened = docx.Document(io.BytesIO(render_docx(document("resignation"))))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert text.index("特此通知") < text.index("给您的说明") < text.index("就没有这份工作和工资了")


@pytest.mark.stack  # pdftotext: a process (tests/test_markers.py)
def test_the_worker_notes_are_on_a_page_of_their_own_in_the_pdf(tmp_path):
    (tmp_path / "n.pdf").write_bytes(render_pdf(document("resignation")))
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(tmp_path / "n.pdf"), "-"], capture_output=True,
                            text=True, check=True).stdout
    assert "给您的说明" in second and "特此通知" not in second


def test_both_files_are_named_after_the_document():
    names = [name for name, content in render(document("complaint"))]
    assert names == ["劳动保障监察投诉书.pdf", "劳动保障监察投诉书.docx"]


def test_without_the_font_it_says_what_to_install(tmp_path):
    with pytest.raises(FontMissing, match="fonts-wqy-microhei"):
        font_path((tmp_path / "none.ttc",))
    with pytest.raises(FontMissing, match="none.ttc"):
        render_pdf(document(), font=tmp_path / "none.ttc")
