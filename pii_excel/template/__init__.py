"""Agency templates: one standardized workbook per agency per period."""
