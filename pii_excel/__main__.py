"""Allow `python -m pii_excel`."""

from pii_excel.cli import run

if __name__ == "__main__":
    run()
