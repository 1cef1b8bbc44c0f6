"""Retention: what personal data is removed, and when, in one declarative place.

A stay is *due* when it ended more than RETENTION_MONTHS_AFTER_DEPARTURE months ago. Then the
purge (manage.py purge_personal_data) deletes the rows below and blanks the listed fields of
the rows kept, so the stay remains only as an anonymous statistical record: dates, destination,
permanent or temporary, wait cause, tracks, notification dates, the children's move counts.

The audit log is append-only and holds ids and action names only; once the person's rows are
anonymised, its ids point at nothing that names anyone, so by default it is kept whole. With
AUDIT_RETENTION_MONTHS set, rows older than that are purged as a prefix of the chain with a
sealed anchor, so the rest still verifies (audit/purge.py; on PostgreSQL only the tables' owner
may, ADR 0013).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    model: str  # "app_label.ModelName"
    stay_path: str  # lookup from the model to the Stay it belongs to
    delete: bool = False  # delete whole rows
    blank: tuple[str, ...] = ()  # text fields set to ""
    falsify: tuple[str, ...] = ()  # booleans set to False (special categories, GDPR art. 9)
    extra: dict = field(default_factory=dict)  # other field → value


POLICY: tuple[Rule, ...] = (
    Rule("residents.JournalNote", "stay", delete=True),
    Rule("housing.Task", "stay", delete=True),
    Rule("children.ChildWish", "child__stay", delete=True),
    Rule("children.ChildInformation", "child__stay", delete=True),
    Rule("housing.Notification", "stay", blank=("request", "answer", "municipality", "letter_to")),
    Rule(
        "housing.HousingAssessment",
        "stay",
        blank=("return_safe_reason", "resident_wishes", "accessibility_needs", "pets", "closeness_needs"),
        falsify=("honour_related", "human_trafficking", "residence_status_issue"),
    ),
    Rule(
        "children.Child",
        "stay",
        blank=("first_name", "school", "activities", "plan_before", "plan_during", "plan_after"),
        extra={"contact_person": None},
    ),
    Rule(
        "safety.SafeReturnAssessment",
        "stay",
        blank=("reason", "children_school", "children_activities", "children_friends", "police_involved"),
    ),
    Rule("safety.SafetyMeasure", "stay", blank=("note",)),
    Rule("safety.ChecklistAnswer", "stay", delete=True),
    Rule("rental.RentalContact", "stay", delete=True),
    Rule("rental.Viewing", "stay", delete=True),
    # The area of an accepted ad says where the person moved: blanked with the link.
    Rule("rental.RentalAd", "stay", blank=("area", "link")),
    Rule("rental.RentalSearch", "stay", extra={"household_monthly_income": None}),
    Rule("aftercare.FollowUpPlan", "stay", blank=("coordinator_name", "other_services")),
    Rule("aftercare.FollowUpContact", "stay", blank=("note",)),
    Rule("residents.Stay", "pk", blank=("new_home_address",)),
)

# The resident row itself is anonymised once every one of its stays is due (see purge.py).
RESIDENT_BLANK = ("display_name",)
