"""councilkit: a council's kompas for the social domain, kept as YAML and turned into documents.

The public surface is the command line (`councilkit --help`). Modules are split per pipeline stage:
`model` (load + validate), `data` (monitor store), `checks` (findings), `documents` (what a template
needs), `render` (Markdown → docx/html/md).
"""

__version__ = "0.1.0"
