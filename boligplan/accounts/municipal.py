"""Sign-in through the municipality's identity provider, with OpenID Connect (ADR 0023).

Authlib is the OpenID Connect client: it sends the person to the provider (authorization code
flow with PKCE, state and nonce kept in our session) and, on the way back, fetches the tokens and
checks the ID token: its signature against the provider's published keys (JWKS), the issuer, that
we are its audience, that it has not expired, and the nonce.

What is ours is who may come in, decided here and nowhere else:
  * the provider must say the e-mail address is verified (`email_verified` true);
  * it must match the e-mail of exactly one existing staff account (never a new account);
  * that account must be active, not locked out by django-axes, and belong to a shelter whose
    leader has allowed the municipal sign-in (operators, without a shelter, never);
  * our own TOTP step still follows, unless the ID token says the provider asked for a second
    factor itself (`amr`, or an `acr` listed in OIDC_MFA_ACR_VALUES; see `provider_did_mfa`).

Every sign-in and every refusal writes an audit row (ids and a reason code; never the e-mail
address or a token).
"""

import re
import time
from dataclasses import dataclass

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.urls import reverse
from django_otp import login as otp_login
from joserfc.errors import JoseError
from requests import RequestException

from boligplan.audit.services import audit_record
from boligplan.core.signin import municipal_login_configured

from .models import MunicipalSecondFactor

# The session key for the page to land on after the sign-in (already vetted by the login page).
NEXT_KEY = "boligplan_municipal_next"
STARTED_KEY = "boligplan_municipal_started"
CLIENT_NAME = "kommune"
_CODE = re.compile(r"[a-z_]{1,40}")
# RFC 8176 methods. "mfa" is the provider saying several factors were used. Otherwise a
# possession factor that resists copying (a hardware or software key, a one-time code from an
# app, a smart card) together with a second, different kind of factor. SMS and telephone
# (`sms`, `tel`) are not counted: they are weaker than the app code they would replace.
AMR_MULTI_FACTOR = {"mfa"}
AMR_POSSESSION = {"hwk", "swk", "otp", "sc"}
AMR_OTHER_KIND = {"pwd", "pin", "kba", "fpt", "face", "iris", "retina", "vbm", "user"}


class Refused(Exception):
    """The sign-in is refused; `reason` is a short code for the audit log, never shown."""

    def __init__(self, reason: str, user=None):
        super().__init__(reason)
        self.reason = reason
        self.user = user


@dataclass(frozen=True)
class SignedIn:
    user: object
    provider_mfa: bool


def is_configured() -> bool:
    return municipal_login_configured()


def _client():
    """A fresh client from the current settings; it reads the provider's discovery document."""
    oauth = OAuth()
    return oauth.register(
        name=CLIENT_NAME,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        server_metadata_url=settings.OIDC_DISCOVERY_URL,
        client_kwargs={
            "scope": "openid email",
            "code_challenge_method": "S256",
            "timeout": settings.OIDC_TIMEOUT_SECONDS,
        },
    )


def redirect_uri(request) -> str:
    return settings.OIDC_REDIRECT_URI or request.build_absolute_uri(reverse("municipal-callback"))


def start(request, *, next_page: str):
    """The redirect to the provider's login page. `next_page` must already be vetted.

    `prompt=login`: the provider asks for the person's login every time, even if its own session
    in this browser is still open. On a shared computer, the colleague who used the municipal
    login before must not be signed in again by whoever clicks the button next.
    """
    request.session[NEXT_KEY] = next_page
    request.session[STARTED_KEY] = int(time.time())
    try:
        return _client().authorize_redirect(request, redirect_uri(request), prompt="login")
    except (RequestException, ValueError, KeyError, TypeError) as error:
        # The provider's discovery document did not come (down, or not what it should be).
        raise Unavailable from error


class Unavailable(Exception):
    """The provider could not be reached to start a sign-in."""


def provider_did_mfa(claims) -> bool:
    """Did the provider itself ask for a second factor? Only an explicit statement counts."""
    acr = claims.get("acr")
    if isinstance(acr, str) and acr in settings.OIDC_MFA_ACR_VALUES:
        return True
    amr = claims.get("amr")
    if not isinstance(amr, list) or not all(isinstance(m, str) for m in amr):
        return False
    methods = set(amr)
    if methods & AMR_MULTI_FACTOR:
        return True
    return bool(methods & AMR_POSSESSION) and bool(methods & AMR_OTHER_KIND)


def _verified_email(claims) -> str:
    if claims.get("email_verified") not in (True, "true"):
        raise Refused("email_not_verified")
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise Refused("no_email")
    return email.strip().lower()


def _matching_account(email: str):
    """The one staff account with this e-mail address (any case); none or several: refused."""
    matches = list(get_user_model().objects.filter(email__iexact=email).select_related("membership__shelter")[:2])
    if len(matches) != 1:
        raise Refused("unknown_email" if not matches else "ambiguous_email")
    return matches[0]


def _check_account(request, user) -> None:
    if not user.is_active:
        raise Refused("account_inactive", user)
    # Operators run the whole instance: password and our TOTP only (ADR 0023).
    if getattr(user, "is_operator", False):
        raise Refused("operator", user)
    membership = getattr(user, "membership", None)
    if membership is None:
        raise Refused("no_shelter", user)
    if not membership.shelter.municipal_login:
        raise Refused("shelter_not_allowed", user)
    # Locked out after wrong passwords here: the lock holds for this door too, until it cools off.
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        raise Refused("locked_out", user)


def _checked_id_token(request) -> dict:
    """The claims of the provider's ID token, once Authlib and we have checked it."""
    client = _client()
    try:
        issuer = client.load_server_metadata()["issuer"]
        # Authlib checks the audience only when told which one is ours (and the issuer only from
        # the discovery document when given no options at all), so both are spelled out here.
        options = {
            "iss": {"essential": True, "values": [issuer]},
            "aud": {"essential": True, "values": [settings.OIDC_CLIENT_ID]},
        }
        token = client.authorize_access_token(request, claims_options=options, leeway=settings.OIDC_CLOCK_LEEWAY)
    except (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError, TypeError) as error:
        raise Refused(_error_reason(error)) from None
    claims = token.get("userinfo")
    if not claims:
        raise Refused("no_id_token")
    # OpenID Connect Core 3.1.3.7: no audience but us (another listed audience is not trusted).
    audience = claims.get("aud")
    if audience != settings.OIDC_CLIENT_ID and audience != [settings.OIDC_CLIENT_ID]:
        raise Refused("token_invalid_claim_aud")
    # A provider that ignored prompt=login and reused an earlier login (where it says when).
    auth_time = claims.get("auth_time")
    started = request.session.pop(STARTED_KEY, None)
    if isinstance(auth_time, int | float) and started and auth_time < started - settings.OIDC_CLOCK_LEEWAY:
        raise Refused("login_not_fresh")
    return claims


def _error_reason(error) -> str:
    """A short code for the audit log: the error's own code and claim, never its message (which
    may quote what the provider or the browser sent)."""
    code = getattr(error, "error", None)
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        code = type(error).__name__.lower()[:40]
    claim = getattr(error, "claim_name", None) or getattr(error, "claim", None)
    if isinstance(claim, str) and _CODE.fullmatch(claim):
        code = f"{code}_{claim}"
    return f"token_{code}"


def finish(request) -> SignedIn:
    """The provider's answer: check it, and log the person in. Raises Refused (already audited)."""
    try:
        claims = _checked_id_token(request)
        user = _matching_account(_verified_email(claims))
        _check_account(request, user)
        mfa = provider_did_mfa(claims)
    except Refused as refused:
        _audit_refusal(refused)
        raise
    _log_in(request, user, mfa=mfa)
    return SignedIn(user=user, provider_mfa=mfa)


@transaction.atomic
def _log_in(request, user, *, mfa: bool) -> None:
    # The password backend's name: the session then holds an account as after a password login
    # (no other backend is needed to load it again on the next request).
    login(request, user, backend="boligplan.accounts.fastpath.StaffBackend")
    fields = []
    if mfa:
        device, _ = MunicipalSecondFactor.objects.get_or_create(
            user=user, defaults={"name": "kommunens innlogging", "confirmed": True}
        )
        otp_login(request, device)
        fields = ["provider_second_factor"]
    audit_record(actor=user, action="auth.municipal_login", shelter_id=user.membership.shelter_id, fields=fields)


def _audit_refusal(refused: Refused) -> None:
    user = refused.user
    membership = getattr(user, "membership", None) if user is not None else None
    # The actor is the account the provider's answer pointed to (if any): the attempt was made
    # in its name, so the leader's review sees it there.
    audit_record(
        actor=user,
        action="auth.municipal_refused",
        shelter_id=membership.shelter_id if membership else None,
        fields=[refused.reason],
    )


def take_next(request) -> str:
    return request.session.pop(NEXT_KEY, "")
