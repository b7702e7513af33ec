"""The demo steps of organisation building (named in the manifest): ``employers`` (the county's
employers, union profiles and committees) and ``founding`` (several years of founding history
and a survey campaign under way, built on the employers)."""
