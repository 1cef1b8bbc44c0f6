from django.contrib.auth.hashers import Argon2PasswordHasher


class ModestArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's minimum profile: 19 MiB, 2 passes, 1 lane.

    Django's default asks 100 MiB per check; a worker with four threads checking four logins at
    once then passes 450 MB, over the 200 MB a worker may use. Hashes made with other settings
    still verify, and are re-hashed with these at the next login.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
