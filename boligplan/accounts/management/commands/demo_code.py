import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from boligplan.accounts.demo import DEMO_DEVICE_NAME, DEMO_TOTP_KEY_HEX
from boligplan.accounts.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts (demo devices only)."

    def handle(self, *args, **options):
        # The key is encrypted at rest, so it is compared here rather than in the query.
        device = next((d for d in TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME) if d.key == DEMO_TOTP_KEY_HEX), None)
        if device is None:
            raise CommandError("No demo devices here. Run `manage.py load_demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        remaining = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(f"{totp.token():06d}  (valid for about {remaining} more seconds)")
