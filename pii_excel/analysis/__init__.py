"""The analysis report after publication (`results report`)."""
