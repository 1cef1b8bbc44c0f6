"""Files that leave the app: figure CSVs, the national per-stay rows and the aggregated report.

- CSV is written for Norwegian spreadsheets: UTF-8 with a byte-order mark, ";" between cells,
  decimal comma. A text cell that a spreadsheet would run as a formula (starting with = + - @,
  a tab or a carriage return) gets a leading apostrophe.
- The per-stay rows carry no names, no birth year and no database id: each stay is a keyed
  hash (HMAC-SHA256 of its id with the server's secret), stable between exports, useless without
  the key.
- The aggregated report is published by the disclosure rule (disclosure.py) for whoever
  downloads it: whole ended years, counts rounded so that tables add up, nothing below the minimum.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from boligplan.core.pdf import render_pdf

from . import disclosure
from . import national_mapping as mapping
from .disclosure import PROTECTED, Policy
from .figures.base import Figure, Num
from .figures.destinations import national_destination_counts, national_permanence_counts
from .queries.scope import LENGTH_OF_STAY_BANDS, DaysBetween, Period, Scope
from .queries.stays import destinations, length_of_stay

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SUPPRESSED = ":"


# --- CSV ---------------------------------------------------------------------------------------


def safe_cell(value) -> str:
    """A value as CSV text that no spreadsheet will run as a formula."""
    if value is None:
        return ""
    if isinstance(value, Num):
        return value.csv()
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, int | float):
        return str(value).replace(".", ",")
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def figure_csv(figure: Figure, *, note: str = "") -> bytes:
    rows: list[list] = []
    if note:
        rows.append([note])
    if figure.empty:
        rows.append([figure.empty])
    for index, table in enumerate(figure.tables):
        if index or rows:
            rows.append([])
        rows.append([table.caption])
        rows.append(table.columns)
        rows.extend(table.rows)
    return write_csv(rows)


# --- Per-stay rows for the national statistics ---------------------------------------------------


def stay_reference(stay_id) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"stay:{stay_id}".encode(), hashlib.sha256).hexdigest()[:20]


NATIONAL_ROW_COLUMNS = [
    "opphold_ref",
    "ankomst_aar",
    "utflytting_aar",
    "botid_dager",
    "botid_gruppe",
    "aldersgruppe_ved_ankomst",
    "flyttet_til_kode",
    "flyttet_til",
    "varig_midlertidig",
    "tilbake_til_voldsutover",
    "dager_fra_klar_til_utflytting",
    "venteaarsak",
]


def national_rows(scope: Scope):
    """One row per stay that ended in the period, in the national categories. Streams: a header,
    then rows straight from the database cursor."""
    yield NATIONAL_ROW_COLUMNS
    queryset = (
        scope.departed()
        .annotate(
            stay_days=DaysBetween(F("departure_date"), F("arrival_date")),
            wait_days=DaysBetween(F("departure_date"), F("ready_to_move_date")),
            birth_year=F("resident__birth_year"),
        )
        .order_by("departure_date", "id")
        .values(
            "id",
            "arrival_date",
            "departure_date",
            "stay_days",
            "wait_days",
            "birth_year",
            "destination",
            "permanence",
            "wait_cause",
        )
    )
    for row in queryset.iterator(chunk_size=2000):
        national = mapping.DESTINATION.get(row["destination"], mapping.UNKNOWN)
        band = next(b for b in LENGTH_OF_STAY_BANDS if b.holds(max(row["stay_days"], 0)))
        permanence = mapping.PERMANENCE.get(row["permanence"])
        yield [
            stay_reference(row["id"]),
            row["arrival_date"].year,
            row["departure_date"].year,
            row["stay_days"],
            band.label,
            mapping.age_group(row["arrival_date"].year - row["birth_year"]),
            national.code,
            str(national.label),
            permanence.code if permanence else "",
            national is mapping.BACK_TO_PERPETRATOR,
            row["wait_days"],
            mapping.WAIT_CAUSE.get(row["wait_cause"], mapping.WAIT_CAUSE[""]).code,
        ]


# --- Aggregated report, published by the disclosure rule ------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int | float | None  # None when not shown (a count standing for 0–4, or too few for a mean)
    decimals: int = 0

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return SUPPRESSED if self.value is None else str(Num(self.value, self.decimals))


@dataclass
class ReportTable:
    title: str
    columns: list[str]
    rows: list[list]  # first cell a label, the rest Cells


@dataclass
class NationalReport:
    period: Period
    threshold: int  # the fewest stays behind anything shown
    base: int  # every count is a multiple of this
    stays: Cell
    tables: list[ReportTable] = field(default_factory=list)
    generated: datetime.date | None = None

    @property
    def too_few(self) -> bool:
        return not self.tables


def _count_cell(published: int, policy: Policy) -> Cell:
    return Cell(None if policy.is_small(published) else published)


def _group(title: str, labels: list[str], counts: list[int], policy: Policy) -> ReportTable:
    """A one-way table of the departed stays, rounded so its cells add up to the published total."""
    cells = policy.breakdown(counts)
    rows = [[label, _count_cell(n, policy)] for label, n in zip(labels, cells, strict=True)]
    rows.append([_("I alt"), _count_cell(policy.total(sum(counts)), policy)])
    return ReportTable(title, [_("Kategori"), _("Opphold")], rows)


def national_report(scope: Scope, *, generated: datetime.date | None = None) -> NationalReport:
    """The aggregated report: stays that ended in the period, published by the disclosure rule
    (disclosure.PROTECTED) whoever asks, because it leaves the shelter. The destination and
    permanence tables are the very ones the statistics role sees on the dashboard."""
    policy = PROTECTED
    lengths = length_of_stay(scope)
    dest = destinations(scope)
    ages = _age_groups(scope)
    total = policy.total(lengths.n)
    report = NationalReport(
        period=scope.period,
        threshold=disclosure.minimum(),
        base=disclosure.base(),
        stays=_count_cell(total, policy),
        generated=generated or scope.today,  # the scope's today is the year's last day (as of)
    )
    if not policy.enough(total):
        report.stays = Cell(None)
        return report

    band_counts = lengths.band_counts(LENGTH_OF_STAY_BANDS)
    report.tables.append(
        _group(_("Botid i dager"), [b.label for b, _n in band_counts], [n for _b, n in band_counts], policy)
    )
    report.tables.append(
        ReportTable(
            _("Botid, gjennomsnitt og median"),
            [_("Mål"), _("Dager")],
            [[_("Gjennomsnitt"), Cell(lengths.mean, 1)], [_("Median"), Cell(lengths.median, 1)]],
        )
    )
    report.tables.append(
        _group(
            _("Hvor beboeren flyttet"),
            [str(c.label) for c in mapping.DESTINATION_ORDER],
            national_destination_counts(dest),
            policy,
        )
    )
    report.tables.append(
        _group(
            _("Varig eller midlertidig"),
            [str(c.label) for c in mapping.PERMANENCE.values()],
            national_permanence_counts(dest),
            policy,
        )
    )
    report.tables.append(
        _group(
            _("Alder ved ankomst"),
            [label for _low, _high, label in mapping.AGE_GROUPS],
            [ages[label] for _low, _high, label in mapping.AGE_GROUPS],
            policy,
        )
    )
    return report


def _age_groups(scope: Scope) -> Counter[str]:
    rows = (
        scope.departed()
        .annotate(age=ExtractYear("arrival_date") - F("resident__birth_year"))
        .values("age")
        .annotate(n=Count("id"))
        .order_by()
    )
    result: Counter[str] = Counter()
    for row in rows:
        result[mapping.age_group(row["age"])] += row["n"]
    return result


def rounding_note(base: int, threshold: int) -> str:
    return _(
        "Alle antall er avrundet til et multiplum av %(base)s slik at hver tabell summerer til «I alt»; hvert tall "
        "kan avvike med inntil %(off)s fra det virkelige. «%(mark)s» betyr færre enn %(base)s. Ingenting vises "
        "når færre enn %(min)s står bak."
    ) % {"base": base, "off": base - 1, "mark": SUPPRESSED, "min": threshold}


def national_report_csv(report: NationalReport) -> bytes:
    rows: list[list] = [
        [_("Nasjonal krisesenterstatistikk – samlet rapport")],
        [_("Periode"), report.period.start.isoformat(), report.period.end.isoformat()],
        [rounding_note(report.base, report.threshold)],
    ]
    if report.too_few:
        rows.append([_("For få opphold i perioden til å vise tall.")])
    for table in report.tables:
        rows.append([])
        rows.append([table.title])
        rows.append(table.columns)
        rows.extend([[row[0], *[str(cell) for cell in row[1:]]] for row in table.rows])
    return write_csv(rows)


def national_report_pdf(report: NationalReport, *, shelter_name: str) -> bytes:
    html = render_to_string(
        "statistics/national_report_pdf.html",
        {
            "report": report,
            "shelter_name": shelter_name,
            "note": rounding_note(report.base, report.threshold),
        },
    )
    return render_pdf(html)
