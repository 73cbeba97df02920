"""The index itself: framework editions (what an edition measures, indicator by indicator, and where each raw value
comes from) and the results the publisher publishes for the province, imported once and used everywhere."""
