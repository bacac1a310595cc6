"""What a view is: URL state, the valid values for a pack, periods, and records as text."""
