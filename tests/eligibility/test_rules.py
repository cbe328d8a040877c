"""The rule engine, directly: each rule's outcomes, the verdict, and properties over profiles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.eligibility.facts import Names, Profile, StreamRules
from app.eligibility.fit import fit
from app.eligibility.rules import NO_RULES, check, verdict

NAMES = Names(
    boroughs={"E09000008": "Croydon", "E09000022": "Lambeth"},
    terms={
        "cic": "Community interest company (CIC)",
        "cio": "Charitable incorporated organisation (CIO)",
        "registered-charity": "Registered charity",
        "unincorporated-community-group": "Unincorporated community group",
    },
)
TODAY = dt.date(2026, 11, 25)
STRICT = StreamRules(
    pk=1,
    applicant_types=frozenset({"registered-charity", "cio"}),
    income_min_pence=5_000_000,
    income_max_pence=10_000_000,
    min_years_operating=Decimal(2),
    max_grant_to_income_ratio=Fraction(1, 2),
    registered_number_required=True,
    safeguarding_policy_required=True,
    london_based_required=True,
    boroughs=frozenset({"E09000008"}),
    age_min=11,
    age_max=18,
    min_award_pence=100_000,
    max_award_pence=2_500_000,
    max_duration_months=12,
)


def outcome(profile: Profile, rule: str, stream: StreamRules = STRICT) -> tuple[str, str]:
    reasons = {r.rule: r for r in check(profile, stream, NAMES)}
    return reasons[rule].outcome, reasons[rule].message


@pytest.mark.parametrize(
    ("profile", "rule", "expected", "words"),
    [
        (Profile(), "applicant_type", "unknown", "legal form"),
        (Profile(applicant_type="cio"), "applicant_type", "pass", ""),
        (Profile(applicant_type="cic"), "applicant_type", "fail",
         "Your organisation is a community interest company (CIC); this fund is open only to "
         "a charitable incorporated organisation (CIO) or a registered charity."),
        (Profile(applicant_type="unincorporated-community-group"), "applicant_type", "fail",
         "Your organisation is an unincorporated community group;"),
        (Profile(), "income", "unknown", "£100,000"),
        (Profile(annual_income_pence=25_000_000), "income", "fail",
         "Your annual income of £250,000 is above this fund's limit of £100,000"),
        (Profile(annual_income_pence=1_000_000), "income", "fail",
         "below this fund's minimum of £50,000"),
        (Profile(annual_income_pence=8_000_000), "income", "pass", "£80,000"),
        (Profile(), "years_operating", "unknown", "2 years"),
        (Profile(years_operating=Decimal("1.5")), "years_operating", "fail", "1.5 years"),
        (Profile(years_operating=Decimal(3)), "years_operating", "pass", ""),
        (Profile(annual_income_pence=8_000_000), "grant_to_income", "unknown",
         "at most half of your annual income a year"),
        (Profile(annual_income_pence=8_000_000, amount_requested_pence=5_000_000),
         "grant_to_income", "fail",
         "£50,000 a year is more than half of your annual income of £80,000"),
        # £60,000 over 24 months is £30,000 a year: within half of £80,000.
        (Profile(annual_income_pence=8_000_000, amount_requested_pence=6_000_000,
                 duration_months=24),
         "grant_to_income", "pass", "£30,000 a year"),
        (Profile(), "registered_number", "unknown", "number"),
        (Profile(registered_number="1234567"), "registered_number", "pass", "1234567"),
        (Profile(applicant_type="cio"), "registered_number", "pass",
         "a charitable incorporated organisation (CIO) has one"),
        (Profile(), "safeguarding_policy", "unknown", "safeguarding"),
        (Profile(has_safeguarding_policy=False), "safeguarding_policy", "fail", "safeguarding"),
        (Profile(has_safeguarding_policy=True), "safeguarding_policy", "pass", ""),
        (Profile(), "london_base", "unknown", "borough"),
        (Profile(organisation_boroughs=frozenset({"E09000022"})), "london_base", "pass", "Lambeth"),
        (Profile(), "boroughs", "unknown", "Croydon"),
        (Profile(project_boroughs=frozenset({"E09000022"})), "boroughs", "fail",
         "works in Lambeth; this fund covers only Croydon"),
        (Profile(project_boroughs=frozenset({"E09000008", "E09000022"})), "boroughs", "pass",
         "Lambeth is outside"),
        (Profile(), "age_range", "unknown", "11 to 18"),
        (Profile(age_min=19, age_max=25), "age_range", "fail",
         "ages 19 to 25; this fund is for ages 11 to 18"),
        (Profile(age_min=8, age_max=10), "age_range", "fail", ""),
        (Profile(age_min=12), "age_range", "unknown", "oldest"),
        (Profile(age_min=8, age_max=16), "age_range", "pass", "Only work with ages 11 to 18"),
        (Profile(), "amount", "unknown", "£1,000 to £25,000"),
        (Profile(amount_requested_pence=3_000_000), "amount", "fail", "largest grant is £25,000"),
        (Profile(amount_requested_pence=50_000), "amount", "fail", "smallest grant is £1,000"),
        (Profile(amount_requested_pence=2_000_050), "amount", "pass", "£20,000.50"),
        (Profile(), "duration", "unknown", "12 months"),
        (Profile(duration_months=24), "duration", "fail", "24 months"),
        (Profile(duration_months=1), "duration", "pass", "Your project's 1 month fit"),
        (Profile(duration_months=6), "duration", "pass", ""),
    ],
)  # fmt: skip
def test_each_rule_passes_fails_or_asks(
    profile: Profile, rule: str, expected: str, words: str
) -> None:
    result, message = outcome(profile, rule)
    assert result == expected
    assert words in message


def test_rules_a_stream_does_not_set_give_no_reason() -> None:
    only_income = StreamRules(pk=2, income_max_pence=100)
    assert [r.rule for r in check(Profile(), only_income, NAMES)] == ["income"]


def test_a_stream_setting_no_rule_says_so_rather_than_give_no_reason() -> None:
    assert check(Profile(), StreamRules(pk=2), NAMES) == [NO_RULES]
    assert verdict([NO_RULES]) == "eligible"


def test_criteria_in_the_funds_own_words_are_quoted_and_make_it_unclear() -> None:
    words = "Only groups already funded by this programme may apply."
    stream = StreamRules(pk=4, other_criteria=words)
    reasons = check(Profile(applicant_type="cic"), stream, NAMES)
    assert [(r.rule, r.outcome) for r in reasons] == [("other_criteria", "unknown")]
    assert f'"{words}"' in reasons[0].message
    assert verdict(reasons) == "unclear"


def test_a_third_of_income_is_exact_and_said_in_words() -> None:
    stream = StreamRules(pk=5, max_grant_to_income_ratio=Fraction(1, 3))
    asked = Profile(annual_income_pence=1_500_000, amount_requested_pence=500_000)
    reasons = check(asked, stream, NAMES)
    assert [(r.outcome, r.message) for r in reasons] == [
        ("pass", "Asking for £5,000 a year is within a third of your annual income of £15,000.")
    ]
    over = check(dataclasses.replace(asked, amount_requested_pence=500_001), stream, NAMES)
    assert over[0].outcome == "fail" and "(at most £5,000 a year)" in over[0].message


def test_applicant_types_read_with_their_articles() -> None:
    stream = StreamRules(pk=6, applicant_types=frozenset({"unincorporated-community-group"}))
    group = Profile(applicant_type="unincorporated-community-group")
    assert check(group, stream, NAMES)[0].message == (
        "This fund accepts an unincorporated community group, as yours is."
    )
    assert check(Profile(), stream, NAMES)[0].message.startswith(
        "This fund is open only to an unincorporated community group. "
    )


def test_one_fail_makes_ineligible_and_an_unknown_makes_unclear() -> None:
    open_stream = StreamRules(pk=3, safeguarding_policy_required=True, max_duration_months=12)
    assert verdict(check(Profile(), open_stream, NAMES)) == "unclear"
    assert verdict(check(Profile(duration_months=36), open_stream, NAMES)) == "ineligible"
    told = Profile(duration_months=12, has_safeguarding_policy=True)
    assert verdict(check(told, open_stream, NAMES)) == "eligible"


slugs = st.frozensets(st.sampled_from(["a", "b", "c", "d"]), max_size=3)
codes = st.frozensets(st.sampled_from(["E09000008", "E09000022", "E09000001"]), max_size=2)
some_codes = st.frozensets(st.sampled_from(["E09000008", "E09000022"]), min_size=1)
pence = st.integers(0, 50_000_000)
ages = st.tuples(st.integers(0, 30), st.integers(0, 30)).map(sorted)

streams = st.builds(
    StreamRules,
    pk=st.just(9),
    applicant_types=st.frozensets(st.sampled_from(["cic", "cio", "school"]), max_size=2),
    income_min_pence=st.none() | pence,
    income_max_pence=st.none() | pence,
    min_years_operating=st.none() | st.decimals(0, 5, places=1),
    max_grant_to_income_ratio=st.none()
    | st.fractions(Fraction(1, 10), 1, max_denominator=12).filter(lambda f: f > 0),
    registered_number_required=st.none() | st.booleans(),
    safeguarding_policy_required=st.none() | st.booleans(),
    london_based_required=st.none() | st.booleans(),
    boroughs=codes,
    age_min=st.none() | st.integers(0, 15),
    age_max=st.none() | st.integers(15, 30),
    min_award_pence=st.none() | st.integers(0, 100_000),
    max_award_pence=st.none() | st.integers(100_000, 10_000_000),
    max_duration_months=st.none() | st.integers(1, 48),
    activities=slugs,
    violence_types=slugs,
    beneficiary_groups=slugs,
    closes_on=st.none() | st.dates(TODAY, TODAY + dt.timedelta(days=400)),
    other_criteria=st.sampled_from(["", "Groups need a constitution and a bank account."]),
)
full_profiles = st.builds(
    lambda ages, **kw: Profile(age_min=ages[0], age_max=ages[1], **kw),
    ages=ages,
    applicant_type=st.sampled_from(["cic", "cio", "school"]),
    annual_income_pence=pence,
    years_operating=st.decimals(0, 10, places=1),
    organisation_boroughs=some_codes,
    registered_number=st.none() | st.just("1234567"),
    has_safeguarding_policy=st.booleans(),
    activities=slugs,
    project_boroughs=some_codes,
    beneficiary_groups=slugs,
    violence_types=slugs,
    amount_requested_pence=pence,
    duration_months=st.integers(1, 48),
)
FIELDS = [f.name for f in dataclasses.fields(Profile)]


@given(full_profiles, streams, st.sets(st.sampled_from(FIELDS)))
def test_telling_more_never_turns_eligible_into_unclear(
    full: Profile, stream: StreamRules, withheld: set[str]
) -> None:
    empty = {
        f.name: (frozenset() if isinstance(getattr(full, f.name), frozenset) else None)
        for f in dataclasses.fields(Profile)
        if f.name in withheld
    }
    partial = dataclasses.replace(full, **empty)
    if verdict(check(partial, stream, NAMES)) == "eligible":
        assert verdict(check(full, stream, NAMES)) == "eligible"
    # And every rule that passed on less information still passes on more.
    passed = {r.rule for r in check(partial, stream, NAMES) if r.outcome == "pass"}
    assert passed <= {r.rule for r in check(full, stream, NAMES) if r.outcome == "pass"}


@given(full_profiles, streams)
def test_every_reason_is_a_sentence_and_fit_is_between_0_and_1(
    profile: Profile, stream: StreamRules
) -> None:
    reasons = check(profile, stream, NAMES)
    assert reasons, "no verdict without a reason"
    for reason in reasons:
        assert reason.outcome in ("pass", "fail", "unknown")
        assert reason.message.endswith(".") and "None" not in reason.message
        # Read aloud: "an" before a vowel, "a" before a consonant, labels in lower case.
        assert not re.search(r"\ba [aeiou]|\ban [b-df-hj-np-tv-z]|\ban? [A-Z][a-z]", reason.message)
        assert not re.search(r"(?<![\d.])1 (month|year)s\b", reason.message)
    assert 0.0 <= fit(profile, stream, today=TODAY) <= 1.0


def test_fit_prefers_a_stream_that_funds_what_the_project_does() -> None:
    project = Profile(activities=frozenset({"mentoring"}))
    funds_it = StreamRules(pk=1, activities=frozenset({"mentoring", "sport"}))
    does_not = StreamRules(pk=2, activities=frozenset({"sport"}))
    assert fit(project, funds_it, today=TODAY) > fit(project, does_not, today=TODAY)
