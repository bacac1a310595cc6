"""Where things were: polities over time, their shapes on any date, and named regions."""
