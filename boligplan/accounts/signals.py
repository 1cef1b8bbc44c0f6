from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from boligplan.core import pending

from .sessions import end_all_sessions, forget_session, remember_login

User = get_user_model()


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # A form kept from an ended session goes back only to the account that typed it.
        pending.forget_unless_owner(request, user)
        remember_login(request, user)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        forget_session(request.session.session_key)


@receiver(pre_save, sender=User)
def _note_deactivation(sender, instance, **kwargs):
    if instance.pk is None:
        return
    was_active = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    instance._boligplan_deactivated = bool(was_active) and not instance.is_active


@receiver(post_save, sender=User)
def _end_sessions_of_deactivated(sender, instance, **kwargs):
    if getattr(instance, "_boligplan_deactivated", False):
        end_all_sessions(instance)
        # Any session kept elsewhere (or made from a copy of an old cookie) no longer matches.
        instance.bump_security_stamp()
