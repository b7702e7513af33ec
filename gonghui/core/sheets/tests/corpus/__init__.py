"""The bad-file corpus of the spreadsheet reader (see make_corpus.py)."""
