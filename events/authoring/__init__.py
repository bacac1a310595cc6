"""Making and filling your own pack: ``new`` (a valid empty pack), ``import`` (a spreadsheet
of records) and the atomic writes both use. No Streamlit here: the command line and the
dashboard call the same functions."""
