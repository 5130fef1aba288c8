"""`python -m councilkit` runs the same command line as the `councilkit` script."""

from councilkit.cli import main

main()
