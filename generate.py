"""Same CLI as the `pii-excel` console script: `python generate.py ARGS`."""

from pii_excel.cli import main

if __name__ == "__main__":
    main()
