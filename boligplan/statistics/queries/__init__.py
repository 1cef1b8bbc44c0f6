"""The numbers behind the leader's dashboard and the national report (domain.md §§ 8–9).

Everything here is computed in the database as a *distribution*: a GROUP BY over the number of
days (and a category), so the rows that come back are bounded by the number of distinct values,
never by the number of stays. Means, medians and bands are then read off those small tables in
Python. That keeps the cost flat whether a scope holds 60 stays or 100,000, and works the same on
SQLite and PostgreSQL.

A `Scope` says what is counted: one shelter (the dashboard) or every shelter (a national
instance, the benchmark), over a period. Callers get a scope for a user through `scope_for_user`,
which checks the VIEW_STATISTICS capability first.

Definitions (also in docs/statistics.md):
- a stay is *in the period* when it overlaps it: arrival on or before the end, and no departure
  or a departure on or after the start;
- *arrived* / *departed* in the period: the arrival / departure date falls inside it;
- days are whole calendar days, end minus start (arrival and departure the same day = 0 days).

Modules: `scope` (Period, Scope, DaysBetween, Distribution and the bands), `stays` (counts,
assessment and agency timing, length of stay, readiness, destinations, children's moves) and
`homes` (time to a home: observations and Kaplan–Meier curves). Import from the module itself;
this package re-exports nothing.
"""
