"""The histatlas dashboard (Streamlit) and the ``histatlas`` command line."""
