"""Importing a programme's sign-up sheet: rows of a CSV, JSON or YAML source become mentor profiles.

One module per concept: `rows` reads the source with each row's line, `mapping` reads MAP.yml
(profile field → source column), `scrub` removes contact details from values, `places` and
`values` normalise what people type (countries, cities, time zones, languages, numbers),
`terms` resolves and adds vocabulary terms, `ids` makes file names, `profile` turns one row
into a profile and says why one cannot pass, and `review` edits `reviewed:` lines in place.
The command's printing and writing side is `mentorhub/adapters/importer.py`.
"""
