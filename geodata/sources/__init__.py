"""Build scripts and optional downloaders for the geodata package's data files."""
