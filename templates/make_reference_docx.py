"""Regenerate the neutral Word reference document `templates/reference.docx`.

Run from the repository root after changing the house-style code in `councilkit/render/docx.py`:

    python templates/make_reference_docx.py

The .docx is committed (it ships in the wheel); this script is how it was made, so nobody has to
edit binary styles by hand to see or change what the neutral style is.
"""

from __future__ import annotations

from pathlib import Path

from councilkit.render.docx import build_reference_docx

if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "reference.docx"
    build_reference_docx(target)
    print(f"geschreven: {target}")
