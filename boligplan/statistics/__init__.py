"""Statistics: the leader's figures, the statistics role's view, the national report (domain.md §§ 8–9)."""
