"""Same CLI as the `pii-excel` console script: `python generate.py ARGS`."""

from pii_excel.cli import run

if __name__ == "__main__":
    run()
