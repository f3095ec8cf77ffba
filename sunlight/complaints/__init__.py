"""效能投诉 (efficiency complaints), part of electronic supervision (电子监察): a citizen complains online, or staff
register a walk-in or 12345 complaint, about a case that took too long, a window or a member of staff; the
supervisors of the nearest org above with a supervisor investigate and conclude it within COMPLAINTS_LIMIT_DAYS
working days (属实 / 部分属实 / 不属实, with the measures taken); the complainant follows it online or by query code,
and the public sees only the totals (by outcome, on-time rate, by month)."""
