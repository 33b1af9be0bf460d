"""`python -m tutor` runs the same CLI as the `tutor` console script."""

from tutor.cli import main

main()
