"""Word documents the tool writes: the building blocks every .docx output shares (official-document parts,
native charts, the template sandbox and its rendering to PDF). Writers use them; they know nothing of plans or runs."""
