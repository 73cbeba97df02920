"""The official report (.docx per Nghị định 30/2020), its editable template, charts and PDF."""
