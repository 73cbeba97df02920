"""Writers: they read the result model only, never the input workbooks."""
