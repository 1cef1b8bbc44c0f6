"""The letters share of the shared test tables (see tests/parts/__init__.py).

The Case's own notification has no consent, so no letter can be made from it; build() adds one
WITH consent, and the letter view is tested on that one. The canary maps build() keys to URL
kwargs "<key>_id"; "consented_notification_id" is used by no URL, so the canary fills
notification_id with the stay's first notification and also follows the letter link that the
resident's page shows for this one.
"""

from boligplan.housing import services as housing_services

from ..id_views import GET_ONLY, IdView


def build(stay, actor, today) -> dict:
    notification = housing_services.notification_record(
        actor=actor,
        stay=stay,
        values={
            "agency": "boligkontor",
            "sent_on": today,
            "channel": "brev",
            "request": "Ber om kommunal bolig",
            "consent_given": True,
            "consent_on": today,
            "municipality": "Fjordby",
        },
    )
    return {"consented_notification": notification}


ID_VIEWS: list = [
    IdView(
        "housing:notification-letter",
        lambda c: {"notification_id": c.extra["consented_notification"].pk},
        GET_ONLY,
        writes=False,
        pdf=True,
    ),
]
READ_ACTIONS: dict = {"housing:notification-letter": "notification.letter_printed"}
CASE_MODELS: list = []
