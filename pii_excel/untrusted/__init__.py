"""Everything that opens a file a person handed the tool, at the bottom of the house: safe opening and folder
walking (`scan`), content sniffing and each format family with its bounds (`files` for OOXML/ODF packages,
`formats` for xls, xlsb and flat ODS, `word_file` for Word documents), the XML cell facts (`cell_probe`), the
guarded native reader and its Vietnamese reasons (`guarded`, `reader_errors`) and the supervised worker pool with
its limits (`workers`). Intake, the plan's workbooks and Word plans, the results import and the evidence files all
read through here; nothing here imports from above it."""
