"""Intake: read every submitted workbook, identify it, validate it."""
