"""Two-factor devices for the fictional demo accounts only.

The demo keeps two-factor login on (so the demo shows the real flow) with one known key, printed
by `load_demo`. Devices made here are named "demo"; `demo_code` refuses any other device.
"""

from base64 import b32encode

from django.contrib.auth import get_user_model

from boligplan.accounts.models import TOTPDevice

DEMO_DEVICE_NAME = "demo"
_DEMO_KEY = b"boligplan-demo-only!"  # 20 bytes; a demo secret, printed on purpose
DEMO_TOTP_KEY_HEX = _DEMO_KEY.hex()
DEMO_TOTP_SECRET_B32 = b32encode(_DEMO_KEY).decode()


def ensure_demo_devices(usernames: list[str]) -> None:
    for user in get_user_model().objects.filter(username__in=usernames):
        TOTPDevice.objects.get_or_create(
            user=user, name=DEMO_DEVICE_NAME, defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
        )
