"""Read models of the safety app for other pages (the resident's page, the overview)."""


def stay_section(user, stay, *, today) -> dict:
    """Context for safety/_stay_section.html on the resident's page (a fixed number of queries)."""
    return {}


def overview_reminders(stays, *, today) -> dict:
    """{stay_id: [Reminder, ...]} for the current stays in `stays`, in a fixed number of queries."""
    return {}
