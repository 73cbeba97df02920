"""Sample answers and filling templates like agencies do (demo, benchmark, tests)."""
