"""Word compatibility: LibreOffice converts the rendered applications to PDF.

Skipped when LibreOffice is not installed (CI does not depend on it).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from knowledge.answers import parse_answers
from knowledge.criteria import evaluate
from knowledge.criteria.profiles import load_funds
from templates import render_application
from tests.conftest import example_answers

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
FUNDS = ("gavleborg", "sundsvall", "blekinge")
# A header word cut where the column happens to end ("Organisationsty" / "p").
BROKEN_HEADERS = (r"Organisationsty(?!p)", r"Kostnadsmins(?!kning)", r"Återbetaln(?!ing)")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def _to_pdf(documents, tmp_path) -> list:
    """Converts .docx files with LibreOffice (own profile); returns the PDF paths."""
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, documents),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    pdfs = [document.with_suffix(".pdf") for document in documents]
    for pdf in pdfs:
        assert pdf.is_file(), result.stderr
        assert pdf.read_bytes().startswith(b"%PDF")
    return pdfs


def _pdf_pages(pdf) -> list[str]:
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


# The dated case: on this date the Gävleborg findings table ends at the foot of a page;
# the empty paragraph Word needs after a last table once spilled onto a page of its own.
CASES = (*((f, dt.date(2027, 1, 5)) for f in FUNDS), ("gavleborg", dt.date(2026, 11, 23)))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Every case's application as a PDF, converted by one LibreOffice run."""
    folder = tmp_path_factory.mktemp("pdf")
    answers = parse_answers(example_answers("gavleborg-ready"))
    funds = load_funds()
    documents = []
    for fund_id, today in CASES:
        path = folder / f"{fund_id}-{today.isoformat()}.docx"
        evaluation = evaluate(answers, funds[fund_id], today=today)
        path.write_bytes(render_application(answers, funds[fund_id], evaluation, today=today))
        documents.append(path)
    return dict(zip(CASES, _to_pdf(documents, folder), strict=True))


def test_libreoffice_converts_every_fund_application_to_pdf(pdfs):
    answers = parse_answers(example_answers("gavleborg-ready"))
    funds = load_funds()
    for (fund_id, _today), pdf in pdfs.items():
        if PDFTOTEXT:
            text = "\f".join(_pdf_pages(pdf))
            assert answers.title in text
            assert funds[fund_id].fund_name in text  # the footer
            assert "Sida 1 av" in text  # PAGE / NUMPAGES fields were computed
            assert "Kriterieprövning" in text
            # Long header words in narrow columns break at their soft hyphen, if at all.
            for broken in BROKEN_HEADERS:
                assert not re.search(broken, text), broken


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed")
def test_no_page_holds_only_the_footer(pdfs):
    funds = load_funds()
    for (fund_id, today), pdf in pdfs.items():
        pages = _pdf_pages(pdf)
        for number, page in enumerate(pages, start=1):
            lines = [line for line in page.splitlines() if line.strip()]
            body = [line for line in lines if funds[fund_id].fund_name not in line]
            assert body, f"{fund_id} {today}: sidan {number} av {len(pages)} är tom"
