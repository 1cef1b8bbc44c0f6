"""Property tests (hypothesis) for the functions that keep personal data out of places it must not go:
street-address detection (a rental ad's area, the handover PDFs), the letters' removal of a typed-in
address, log scrubbing, and the CSV formula guard. Each property holds for every generated input,
not only for the examples the other tests list."""

import csv
import io
import re
import string

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from boligplan.housing.letters import without_address
from boligplan.ops.logs import REDACTED, safe_path, scrub_text
from boligplan.rental.rules import looks_like_street_address
from boligplan.reports.handover import STREET_ADDRESS, _scrubbed
from boligplan.statistics.exports import safe_cell, write_csv

PROPERTY = settings(max_examples=100, deadline=None)

LETTERS = string.ascii_letters + "æøåÆØÅ"
# Words without digits: an area, a place, a sentence around an address.
words = st.text(alphabet=LETTERS, min_size=2, max_size=12)
prose = st.lists(words, max_size=6).map(" ".join)
house_numbers = st.integers(min_value=1, max_value=999)
STREET_SUFFIXES = ("vei", "veien", "veg", "gate", "gata", "gaten", "allé", "plass", "bakken", "lia", "tunet", "torget")


# --- a rental ad's area: "Storgata 5" points at a dwelling, "Grünerløkka" or "0150 Oslo" does not --


@PROPERTY
@given(name=words, number=house_numbers, letter=st.sampled_from(["", "A", "b", " C"]), before=prose)
def test_a_word_with_a_house_number_is_a_street_address(name, number, letter, before):
    assert looks_like_street_address(f"{before} {name} {number}{letter}".strip())


@PROPERTY
@given(area=prose.filter(bool))
def test_an_area_without_digits_or_land_register_words_is_not_a_street_address(area):
    assume(not re.search(r"(?i)\b(g\.?\s?nr|b\.?\s?nr|gårdsn(umme)?r|bruksn(umme)?r|matrikkel)\b", area))
    assert not looks_like_street_address(area)


@PROPERTY
@given(place=words, postcode=st.integers(min_value=0, max_value=9999), first=st.booleans())
def test_a_postcode_is_not_a_house_number(place, postcode, first):
    text = f"{postcode:04d} {place}" if first else f"{place} {postcode:04d}"
    assert not looks_like_street_address(text)


@PROPERTY
@given(stem=words, number=house_numbers, kind=st.sampled_from(["gnr", "bnr", "g.nr", "Matrikkel"]))
def test_a_land_register_reference_is_a_street_address(stem, number, kind):
    assert looks_like_street_address(f"{stem} {kind} {number}")


# --- the handover PDFs: a street name with a number never reaches the paper ------------------


@PROPERTY
@given(before=prose, stem=words, suffix=st.sampled_from(STREET_SUFFIXES), number=house_numbers, after=prose)
def test_the_handover_leaves_out_every_street_name_with_a_number(before, stem, suffix, number, after):
    address = f"{stem}{suffix} {number}"
    out = _scrubbed(f"{before} {address} {after}", "")
    assert address.lower() not in out.lower()
    assert not STREET_ADDRESS.search(out)


@PROPERTY
@given(text=prose)
def test_the_handover_keeps_text_without_numbers_as_it_is(text):
    assert _scrubbed(text, "") == text


# --- letters: the stay's typed-in address is taken out wherever it stands, in any case --------

# Letters that "(adresse utelatt)" does not hold, so the marker cannot spell the secret again.
SECRET_ALPHABET = "bcfghijkmnopqvwxyzæøåBCFGHIJKMNOPQVWXYZ0123456789 ,"


@PROPERTY
@given(
    secret=st.text(alphabet=SECRET_ALPHABET, min_size=1, max_size=30).filter(str.strip),
    parts=st.lists(st.text(max_size=20), min_size=1, max_size=4),
    upper=st.booleans(),
)
def test_a_typed_in_address_never_rides_along(secret, parts, upper):
    copy = secret.upper() if upper else secret
    out = without_address(copy.join(parts) + copy, secret)
    assert secret.strip().lower() not in out.lower()


@PROPERTY
@given(text=st.text(max_size=60), blank=st.text(alphabet=" \t", max_size=3))
def test_a_blank_secret_changes_nothing(text, blank):
    assert without_address(text, blank) == text


# --- log scrubbing ---------------------------------------------------------------------------

emails = st.builds(
    "{}@{}.{}".format,
    st.text(alphabet=string.ascii_lowercase + string.digits + "._+", min_size=1, max_size=12),
    st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10),
    st.sampled_from(["no", "com", "kommune.no"]),
)
national_ids = st.integers(min_value=0, max_value=10**11 - 1).map(lambda n: f"{n:011d}")
phones = st.integers(min_value=10**7, max_value=10**8 - 1).map(str)
log_prose = st.lists(st.text(alphabet=LETTERS + " .:", min_size=1, max_size=10), max_size=5).map(" ".join)


@PROPERTY
@given(before=log_prose, secret=st.one_of(emails, national_ids, phones), after=log_prose)
def test_scrubbed_logs_hold_no_email_national_id_or_phone_number(before, secret, after):
    assert secret not in scrub_text(f"{before} {secret} {after}")


@PROPERTY
@given(before=log_prose, key=st.sampled_from(["username", "email", "navn", "passord", "token"]), value=words)
def test_scrubbed_logs_hold_no_value_of_a_sensitive_key(before, key, value):
    assume(value.lower() not in before.lower() + f" {key}=".lower() + REDACTED)
    assert value not in scrub_text(f"{before} {key}={value}")


@PROPERTY
@given(text=st.text(max_size=2000))
def test_a_scrubbed_message_is_bounded(text):
    assert len(scrub_text(text)) <= 501


@PROPERTY
@given(segments=st.lists(st.text(max_size=15), max_size=6), query=st.text(max_size=20))
def test_a_safe_path_keeps_only_plain_segments_and_never_the_query(segments, query):
    path = "/" + "/".join(segments) + "?" + query
    for segment in safe_path(path).split("/"):
        assert segment in ("", REDACTED) or re.fullmatch(r"[a-z0-9._-]{1,64}", segment) or len(segment) == 36
    assert "?" not in safe_path(path)


# --- the CSV formula guard -------------------------------------------------------------------

# What a spreadsheet may run as a formula or a DDE call (OWASP's CSV injection list), written out
# here rather than imported, so that a character dropped from the guard fails these tests.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@PROPERTY
@given(text=st.text(max_size=40))
def test_no_text_cell_starts_as_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


@PROPERTY
@given(rows=st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=4), min_size=1, max_size=5))
def test_a_written_csv_reads_back_with_no_formula_cell(rows):
    text = write_csv(rows).decode("utf-8").removeprefix("\ufeff")
    read = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(read) == len(rows)
    for written, original in zip(read, rows, strict=True):
        for cell, value in zip(written, original, strict=True):
            assert not cell.startswith(FORMULA_STARTS)
            assert cell.removeprefix("'") == value or cell == value
