"""Texts a person reads (issue 12 points 22, 23): no internal file numbers such as «(001 §1.3)» — a reference
names the document as a school knows it (`document_named_as_a_school_knows_it`) — and no hedged plural
forms such as «пар(ы)»: counts agree with their numbers through domain/plural.py.

Every string literal with Cyrillic letters in the code that builds texts (domain, application, api, web,
activities, workflows) is read; docstrings and comments are not texts a person reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from domain.labels import DOCUMENT_NAMES, document_reference

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "application", "api", "web", "activities", "workflows")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
FILE_NUMBER = re.compile(r"§|\b00[0-4]\b")
HEDGED_PLURAL = re.compile(r"[А-Яа-яё]\((ы|а|ов|ей|и)\)")


def russian_literals() -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and node.body
                and isinstance(node.body[0], ast.Expr)
                and isinstance(node.body[0].value, ast.Constant)
            }
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                    and CYRILLIC.search(node.value)
                ):
                    found.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    return found


LITERALS = russian_literals()


def test_document_named_as_a_school_knows_it() -> None:
    assert document_reference("003", "4.10") == "Положение о наставничестве, п. 4.10"
    assert all(not FILE_NUMBER.search(name) for name in DOCUMENT_NAMES.values())


def test_document_named_as_a_school_knows_it_no_text_shows_a_file_number() -> None:
    assert len(LITERALS) > 100  # the scan sees the texts
    shown = [(path, line, text) for path, line, text in LITERALS if FILE_NUMBER.search(text)]
    assert shown == []


def test_count_agreement_no_text_hedges_a_plural() -> None:
    hedged = [(path, line, text) for path, line, text in LITERALS if HEDGED_PLURAL.search(text)]
    assert hedged == []


@pytest.mark.parametrize("text", ["Срок (001 §1.3).", "пункт 000 §2.7", "см. 004"])
def test_document_named_as_a_school_knows_it_the_scan_catches_a_file_number(text: str) -> None:
    assert FILE_NUMBER.search(text)
