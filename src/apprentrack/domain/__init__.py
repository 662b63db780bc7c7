"""The domain: the words (statuses, verdicts), dates as people write them, a record and its rules, the
counting rule, the programme and its boroughs, and the errors. Plain Python; only models.py (the checks of
boroughs.yaml) imports pydantic, and nothing here reads a file but the shipped standards."""
