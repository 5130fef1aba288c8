"""Shared test fixtures: the real CBS files in ../shared/research-data and the Breda example.

The research data is read where it lies (never copied into the project). CI always has ../shared;
only where it is absent do tests that need it skip, saying why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESEARCH_DATA = SHARED / "research-data"
BREDA = ROOT / "examples" / "breda"


@pytest.fixture
def research_data() -> Path:
    """Path to ../shared/research-data; skips (with the reason) where the shared folder is absent."""
    if not RESEARCH_DATA.is_dir():
        pytest.skip(f"../shared/research-data ontbreekt ({RESEARCH_DATA}); CI heeft deze map altijd")
    return RESEARCH_DATA


@pytest.fixture
def breda_kompas() -> Path:
    return BREDA / "kompas.yaml"
