"""Allow `python -m pii_excel`."""

from pii_excel.cli import main

if __name__ == "__main__":
    main()
