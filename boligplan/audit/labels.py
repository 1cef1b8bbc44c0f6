"""What each audit action means, in words a resident and a leader understand."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # Reads
    "stay.viewed": _("Åpnet oppholdet"),
    "resident.viewed": _("Åpnet beboerens side"),
    "assessment.viewed": _("Åpnet boligkartleggingen"),
    "task.viewed": _("Åpnet en oppgave"),
    "notification.viewed": _("Åpnet en henvendelse til NAV eller boligkontoret"),
    "child.viewed": _("Åpnet siden til et barn"),
    "child.plan_printed": _("Skrev ut barnets plan"),
    "address.revealed": _("Viste en skjermet adresse"),
    "resident.access_report_printed": _("Skrev ut innsynsrapport"),
    "overview.viewed": _("Så oversikten over beboere"),
    "stays.earlier_listed": _("Så listen over tidligere opphold"),
    "children.listed": _("Så listen over barn"),
    "audit.review_viewed": _("Så tilsynssiden"),
    "application.viewed": _("Åpnet en søknad"),
    "notification.letter_printed": _("Skrev ut et brev til NAV eller boligkontoret"),
    "safe_return.viewed": _("Åpnet vurderingen av trygg hjemflytting"),
    "measure.viewed": _("Åpnet et sikkerhetstiltak"),
    "checklist.viewed": _("Åpnet sjekklisten for ny bolig"),
    "rental_ad.viewed": _("Åpnet en boligannonse"),
    "rental_search.viewed": _("Åpnet husstandens inntekt i boligsøket"),
    "viewing.viewed": _("Åpnet en visning"),
    "viewing.calendar_downloaded": _("Lastet ned kalenderfil for en visning"),
    "followup_plan.viewed": _("Åpnet planen for tiden etter oppholdet"),
    "followups.listed": _("Så listen over oppfølging etter opphold"),
    "responsibilities.viewed": _("Så hvem som gjør hva"),
    # Writes
    "resident.registered": _("Registrerte beboeren"),
    "stay.opened": _("Registrerte ankomst"),
    "stay.contact_changed": _("Byttet kontaktperson"),
    "stay.ready_to_move_set": _("Registrerte klar til å flytte"),
    "stay.departed": _("Registrerte utflytting"),
    "note.added": _("Skrev et journalnotat"),
    "assessment.saved": _("Lagret boligkartleggingen"),
    "assessment.completed": _("Fullførte boligkartleggingen"),
    "track.chosen": _("Valgte spor mot bolig"),
    "track.removed": _("Fjernet et spor mot bolig"),
    "task.suggested": _("La til en foreslått oppgave"),
    "task.created": _("La til en oppgave"),
    "task.updated": _("Endret en oppgave"),
    "task.completed": _("Markerte en oppgave som utført"),
    "task.reopened": _("Åpnet en oppgave igjen"),
    "notification.recorded": _("Registrerte en henvendelse til NAV eller boligkontoret"),
    "notification.updated": _("Endret en henvendelse"),
    "application.recorded": _("Registrerte en søknad"),
    "application.updated": _("Endret en søknad"),
    "safe_return.saved": _("Lagret vurderingen av trygg hjemflytting"),
    "safe_return.completed": _("Fullførte vurderingen av trygg hjemflytting"),
    "measure.recorded": _("Registrerte et sikkerhetstiltak"),
    "measure.updated": _("Endret et sikkerhetstiltak"),
    "checklist.answered": _("Gikk gjennom punkter i sjekklisten for ny bolig"),
    "rental_ad.recorded": _("Registrerte en boligannonse"),
    "rental_ad.updated": _("Endret en boligannonse"),
    "rental_contact.recorded": _("Førte en kontakt med utleier"),
    "rental_search.updated": _("Endret husstandens inntekt i boligsøket"),
    "viewing.recorded": _("Registrerte en visning"),
    "viewing.updated": _("Endret en visning"),
    "followup_plan.saved": _("Lagret planen for tiden etter oppholdet"),
    "followup_contact.recorded": _("Registrerte en oppfølgingskontakt etter oppholdet"),
    "child.added": _("Registrerte et barn"),
    "child.updated": _("Endret opplysninger om et barn"),
    "child.wish_added": _("Skrev ned et ønske fra barnet"),
    "child.information_added": _("Skrev ned hva barnet har fått vite"),
    "child.move_added": _("Registrerte en flytting for barnet"),
    "address.changed": _("Endret adressen"),
    "address.erased": _("Slettet en lagret adresse (strengt fortrolig)"),
    "resident.protection_changed": _("Endret skjermingen av adressen"),
    "shelter.settings_changed": _("Endret senterets innstillinger"),
    "shelter.partner_municipalities_changed": _("Endret samarbeidskommunene"),
    "agency.created": _("La til en instans i registeret"),
    "agency.updated": _("Endret en instans i registeret"),
    "agency.removed": _("Fjernet en instans fra registeret"),
    "statistics.viewed": _("Så statistikken"),
    "retention.purged": _("Slettet personopplysninger etter slettefristen"),
    "audit.purged": _("Slettet loggrader eldre enn lagringstiden for loggen"),
    "auth.totp_enrolled": _("Tok i bruk tofaktorinnlogging"),
    "auth.recovery_code_used": _("Logget inn med en gjenopprettingskode"),
}


def action_label(action: str) -> str:
    """The label for an action; an unknown one is shown by its (dotted, free-text-free) name."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    if action.startswith("export."):
        return str(_("Eksport av data")) + f" ({action})"
    return action
