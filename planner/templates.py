"""Programme templates: worked pathways that fill a valid draft the pair then adapts.

Each template is a list of activities placed in whole months from the programme start; a one-year
vedtak period, evaluations after about 3, 6 and 10 months. The hours are chosen so that every week
is full time (37.5 h) and the rules find no error: see `tests/test_templates.py`, which checks each
template against the rules for several start dates.

The pathways follow the tips booklet's way of working (seeds/002): map first, the work-directed
measures early, job seeking in the final part, health time justified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planner.dates import ONE_DAY, period_end
from planner.model import (
    Activity,
    Category,
    Child,
    Evaluation,
    Goals,
    Participant,
    Period,
    Plan,
    Status,
    SubGoal,
)


@dataclass(frozen=True)
class PlanBasics:
    """What the pair types before anything else. `name` may be initials: plans can be pseudonymous."""

    birth_date: date
    application_date: date
    start: date
    name: str | None = None
    children_birth_dates: tuple[date, ...] = ()
    language: str = "nb"
    months: int = 12  # length of the first vedtak period (forskrift § 2: at most a year)


@dataclass(frozen=True)
class TemplateActivity:
    catalogue_id: str | None
    title: str
    category: Category
    from_month: int  # months after the start
    to_month: int  # exclusive: the activity ends the day before this month offset
    hours_per_week: str
    provider: str | None = None
    justification: str | None = None


@dataclass(frozen=True)
class ProgrammeTemplate:
    id: str
    title: str
    summary: str  # plain Norwegian, shown on the start page
    main_goal: str
    activities: tuple[TemplateActivity, ...]
    sub_goals: tuple[tuple[str, int, str], ...] = ()  # (text, deadline month offset, responsible)


_T = TemplateActivity
_C = Category

TEMPLATES: tuple[ProgrammeTemplate, ...] = (
    ProgrammeTemplate(
        id="norsk-arbeidstrening-lonnstilskudd",
        title="Norsk og arbeidstrening → lønnstilskudd → jobb",
        summary=(
            "For deg som trenger bedre norsk og erfaring fra norsk arbeidsliv. Først kartlegging og "
            "norskkurs, så arbeidstrening i en bedrift, deretter lønnstilskudd og jobbsøking."
        ),
        main_goal="Fast jobb, gjerne i samme bransje som arbeidstreningen",
        activities=(
            _T("kartlegging-interesser", "Kartlegging og planlegging", _C.FOLLOW_UP, 0, 1, "7.5"),
            _T("motivasjon", "Motivasjonsgruppe", _C.SUPPORTING, 0, 1, "13.5"),
            _T("norskopplaering", "Norskkurs", _C.SUPPORTING, 0, 6, "15", "Voksenopplæringen"),
            _T("arbeidstrening", "Arbeidstrening i ordinær bedrift", _C.WORK_DIRECTED, 1, 6, "21"),
            _T("lonnstilskudd", "Lønnstilskudd (fra KVP til jobb)", _C.WORK_DIRECTED, 6, 12, "30"),
            _T("norskopplaering", "Norsk på arbeidsplassen", _C.SUPPORTING, 6, 12, "6"),
            _T("jobbsokerkurs", "Jobbsøkerkurs og jobbklubb", _C.JOB_SEEKING, 9, 12, "4.5"),
            _T("individuell-oppfolging", "Oppfølgingssamtaler med veileder", _C.FOLLOW_UP, 0, 12, "1.5", "NAV"),
        ),
        sub_goals=(
            ("Norsk muntlig på nivå B1", 6, "Deltaker og voksenopplæringen"),
            ("Referanse fra arbeidstreningen", 6, "Veileder"),
        ),
    ),
    ProgrammeTemplate(
        id="helse-forst-gradvis",
        title="Helse først, med gradvis opptrapping",
        summary=(
            "For deg som trenger å bygge helse og overskudd først. Rolig start med trening, hvile og "
            "oppfølging; så arbeidsforberedende trening, og etter et halvt år arbeidstrening i en bedrift."
        ),
        main_goal="Jobb i deltid eller heltid etter programmet, i et yrke som passer helsen",
        activities=(
            _T("hviletid", "Hviletid og egenaktivitet", _C.HEALTH, 0, 3, "12",
               justification="Gradvis oppstart etter lang tid uten aktivitet; hvile er planlagt sammen med fastlegen"),
            _T("fysisk-trening", "Trening med Frisklivssentralen", _C.HEALTH, 0, 12, "4.5", "Frisklivssentralen",
               "Bygge utholdenhet og overskudd til arbeid"),
            _T("psykisk-helse", "Samtaler om psykisk helse", _C.HEALTH, 0, 9, "3", "Kommunens psykiske helsetjeneste",
               "Mestre angst i nye situasjoner, som grunnlag for arbeidstrening"),
            _T("motivasjon", "Motivasjon og bevisstgjøring", _C.SUPPORTING, 0, 3, "7.5"),
            _T("frammotekompetanse", "Frammøtetrening med fast møtested", _C.SUPPORTING, 0, 3, "9"),
            _T("arbeidsforberedende-trening", "Arbeidsforberedende trening (AFT)", _C.WORK_DIRECTED, 3, 6, "18",
               "Tiltaksarrangør"),
            _T("dataopplaering", "Dataopplæring", _C.SUPPORTING, 3, 6, "7.5"),
            _T("hviletid", "Hviletid", _C.HEALTH, 3, 6, "3",
               justification="Trappes ned etter hvert som arbeidsforberedende trening øker"),
            _T("arbeidstrening", "Arbeidstrening i ordinær bedrift", _C.WORK_DIRECTED, 6, 12, "28.5"),
            _T("jobbsokerkurs", "Jobbsøking med veileder", _C.JOB_SEEKING, 9, 12, "4.5"),
            _T("individuell-oppfolging", "Oppfølgingssamtaler med veileder", _C.FOLLOW_UP, 0, 12, "1.5", "NAV"),
        ),
        sub_goals=(
            ("Møte opp fast tre dager i uka", 3, "Deltaker"),
            ("Klare fire timer arbeidstrening om dagen", 9, "Deltaker og arbeidsgiver"),
        ),
    ),
    ProgrammeTemplate(
        id="ung-skole-og-praksis",
        title="Ung deltaker: skole og praksis",
        summary=(
            "For deg som er ung og mangler fag fra skolen. Du tar fag på dagtid og er i praksis i en "
            "bedrift resten av uka; mot slutten søker du jobb eller læreplass."
        ),
        main_goal="Læreplass eller fast jobb",
        activities=(
            _T("kartlegging-interesser", "Kartlegging og planlegging", _C.FOLLOW_UP, 0, 1, "7.5"),
            _T("undervisning-grunnskole", "Fag fra grunnskole eller videregående", _C.SUPPORTING, 0, 10, "15",
               "Voksenopplæringen"),
            _T("arbeidstrening", "Praksis i bedrift", _C.WORK_DIRECTED, 0, 12, "21"),
            _T("jobbsokerkurs", "Jobbsøking og søknad om læreplass", _C.JOB_SEEKING, 9, 12, "4.5"),
            _T("karriereveiledning", "Karriereveiledning", _C.JOB_SEEKING, 10, 12, "10.5"),
            _T("individuell-oppfolging", "Oppfølgingssamtaler med veileder", _C.FOLLOW_UP, 0, 12, "1.5", "NAV"),
        ),
        sub_goals=(
            ("Bestått fag i matematikk og norsk", 10, "Deltaker og voksenopplæringen"),
            ("Attest fra praksisplassen", 11, "Veileder"),
        ),
    ),
    ProgrammeTemplate(
        id="deltidsarbeid-inn",
        title="Deltidsarbeid inn i programmet",
        summary=(
            "For deg som har en deltidsjobb (inntil 50 prosent). Jobben er en del av programmet; resten "
            "av uka går til kurs, mentor og oppfølging, og mot slutten til å søke mer arbeid."
        ),
        main_goal="Øke stillingen til minst 80 prosent",
        activities=(
            _T("ordinaert-arbeid", "Deltidsjobb", _C.PAID_WORK, 0, 12, "18.75", "Arbeidsgiver"),
            _T("amo", "Arbeidsmarkedskurs (AMO)", _C.WORK_DIRECTED, 0, 12, "11.25", "NAV"),
            _T("mentor", "Mentor på arbeidsplassen", _C.WORK_DIRECTED, 0, 12, "3.75", "Arbeidsgiver"),
            _T("veiledning-okonomi", "Råd og veiledning om økonomi", _C.SUPPORTING, 0, 6, "2.25"),
            _T("jobbsokerkurs", "Jobbsøking", _C.JOB_SEEKING, 6, 12, "4.5"),
            _T("individuell-oppfolging", "Oppfølgingssamtaler med veileder", _C.FOLLOW_UP, 0, 12, "1.5", "NAV"),
        ),
        sub_goals=(("Avtale om større stilling med arbeidsgiver", 10, "Deltaker og veileder"),),
    ),
)


def template(template_id: str) -> ProgrammeTemplate:
    for item in TEMPLATES:
        if item.id == template_id:
            return item
    raise KeyError(f"ukjent mal: {template_id}")


def blank_plan(basics: PlanBasics) -> Plan:
    """A plan with the participant and one vedtak period, and nothing in it yet."""
    return Plan(
        participant=Participant(
            birth_date=basics.birth_date,
            name=basics.name or None,
            children=tuple(Child(d) for d in basics.children_birth_dates),
            language=basics.language,
        ),
        application_date=basics.application_date,
        periods=(Period(basics.start, period_end(basics.start, basics.months)),),
    )


def build_from_template(template_id: str, basics: PlanBasics) -> Plan:
    """A full draft from a template: every activity `proposed`, for the pair to adapt and agree."""
    chosen = template(template_id)
    plan = blank_plan(basics)
    start = basics.start
    months = basics.months
    end = plan.periods[0].end
    activities = []
    def boundary(month: int) -> date:  # first day after `month` whole months (one definition of a span)
        return period_end(start, month) + ONE_DAY if month else start

    for index, item in enumerate(chosen.activities, start=1):
        first = boundary(min(item.from_month, months))
        last = min(boundary(min(item.to_month, months)) - ONE_DAY, end)
        if last < first:
            continue
        activities.append(
            Activity(
                id=f"a{index}",
                catalogue_id=item.catalogue_id,
                title=item.title,
                category=item.category,
                start=first,
                end=last,
                hours_per_week=Decimal(item.hours_per_week),
                provider=item.provider,
                justification=item.justification,
                status=Status.PROPOSED,
            )
        )
    evaluations = tuple(
        Evaluation(boundary(m), note)
        for m, note in ((3, "Første evaluering"), (6, "Evaluering halvveis"), (10, "Evaluering før siste del"))
        if boundary(m) <= end
    )
    sub_goals = tuple(SubGoal(text, boundary(m) - ONE_DAY, who) for text, m, who in chosen.sub_goals)
    return Plan(
        participant=plan.participant,
        application_date=plan.application_date,
        periods=plan.periods,
        goals=Goals(main=chosen.main_goal, sub_goals=sub_goals),
        activities=tuple(activities),
        evaluations=evaluations,
    )
