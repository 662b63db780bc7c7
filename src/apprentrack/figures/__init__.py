"""Pure arithmetic over the programme's timelines (domain/counting.py): where it stands on a day, the
week, the burn-up, the breakdowns by role and the rest, the headcount share. No files, no printing."""
