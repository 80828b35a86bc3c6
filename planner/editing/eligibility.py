"""The § 29 conditions and the application checklist (seed 7.6b), and "klar for vedtak"."""


from dataclasses import dataclass, replace

from planner.editing.activities import proposed_activities
from planner.editing.values import EditError, _text
from planner.model import (
    Eligibility,
    Plan,
)

# ------------------------------------------------- § 29 conditions and the application checklist


@dataclass(frozen=True)
class Question:
    id: str
    section: str  # "§ 29" or "Sjekkliste 7.6b"
    text: str  # for the veileder
    plain: str  # plain words, for reading together with the participant
    reference: str


ELIGIBILITY_SECTIONS = ("Vilkår i sosialtjenesteloven § 29", "Sjekkliste 7.6b: søknad om kvalifiseringsprogram")

#: Every question is put so that "ja" is what a vedtak needs.
ELIGIBILITY_QUESTIONS: tuple[Question, ...] = (
    Question(
        "alder",
        ELIGIBILITY_SECTIONS[0],
        "Er søkeren mellom 18 og 67 år i hele programperioden?",
        "Er du mellom 18 og 67 år hele tiden programmet varer?",
        "sotjl § 29 første ledd",
    ),
    Question(
        "nedsatt_arbeidsevne",
        ELIGIBILITY_SECTIONS[0],
        "Har søkeren vesentlig nedsatt arbeids- og inntektsevne?",
        "Er det mye vanskeligere for deg enn for andre å få og beholde en jobb?",
        "sotjl § 29 første ledd",
    ),
    Question(
        "ingen_ytelser",
        ELIGIBILITY_SECTIONS[0],
        "Har søkeren ingen eller svært begrensede ytelser til livsopphold etter folketrygdloven "
        "eller arbeidsmarkedsloven?",
        "Får du lite eller ingen penger fra NAV å leve av i dag (for eksempel dagpenger)?",
        "sotjl § 29 første ledd",
    ),
    Question(
        "arbeidsevnevurdering",
        ELIGIBILITY_SECTIONS[0],
        "Er arbeidsevnevurdering gjennomført, med utfall spesielt tilpasset innsats?",
        "Har NAV og du sammen vurdert hva du kan jobbe med, og hva du trenger hjelp til?",
        "sotjl § 29 annet ledd bokstav a; NAV-loven § 14 a; sjekkliste 7.6b nr. 1",
    ),
    Question(
        "tett_bistand",
        ELIGIBILITY_SECTIONS[0],
        "Er tett og koordinert bistand gjennom programmet vurdert som hensiktsmessig og nødvendig "
        "for å styrke muligheten for arbeid?",
        "Trenger du tett hjelp fra flere over tid for å komme i jobb?",
        "sotjl § 29 annet ledd bokstav b",
    ),
    Question(
        "tilpasset_program",
        ELIGIBILITY_SECTIONS[0],
        "Kan NAV-kontoret tilby et program tilpasset søkeren?",
        "Kan NAV lage et program som passer for deg?",
        "sotjl § 29 annet ledd bokstav c",
    ),
    Question(
        "ikke_annen_ordning",
        ELIGIBILITY_SECTIONS[0],
        "Er det avklart at søkeren ikke har rett til arbeidsavklaringspenger, uføretrygd, "
        "overgangsstønad eller introduksjonsprogram, og ikke får ungdomsprogramytelse samtidig?",
        "Har vi sjekket at du ikke skal ha en annen ordning fra NAV i stedet (for eksempel AAP "
        "eller introduksjonsprogram)?",
        "sotjl § 29; rundskrivet til § 29",
    ),
    Question(
        "andre_inntekter",
        ELIGIBILITY_SECTIONS[1],
        "Er alle andre inntektsmuligheter gjennom arbeid og økonomiske rettigheter etter andre "
        "ordninger vurdert? KVP er en subsidiær ordning.",
        "Har vi sjekket om du kan få jobb eller penger fra andre ordninger først?",
        "sjekkliste 7.6b nr. 3",
    ),
    Question(
        "tiltak_vurdert",
        ELIGIBILITY_SECTIONS[1],
        "Har du, sammen med deltakeren, gjort en grundig og individuell vurdering av hvilke tiltak "
        "som er hensiktsmessige?",
        "Har vi valgt aktivitetene i programmet sammen, slik at de passer for deg?",
        "sjekkliste 7.6b nr. 4; sotjl § 42 (brukermedvirkning)",
    ),
    Question(
        "saksbehandling",
        ELIGIBILITY_SECTIONS[1],
        "Er kravene til saksbehandling fulgt? Vedtak om KVP med stønad er et enkeltvedtak "
        "(forvaltningsloven og god forvaltningsskikk).",
        "Har NAV fulgt reglene for hvordan saken din skal behandles?",
        "sjekkliste 7.6b nr. 5; forvaltningsloven",
    ),
)
QUESTION_BY_ID = {q.id: q for q in ELIGIBILITY_QUESTIONS}


def set_eligibility_answer(plan: Plan, question_id: str, answer: bool | None) -> Plan:
    if question_id not in QUESTION_BY_ID:
        raise EditError(f"ukjent spørsmål «{question_id}»")
    current = plan.eligibility or Eligibility()
    answers = dict(current.answers)
    answers[question_id] = answer
    return replace(plan, eligibility=replace(current, answers=answers))


def set_eligibility_note(plan: Plan, note: str | None) -> Plan:
    current = plan.eligibility or Eligibility()
    return replace(plan, eligibility=replace(current, note=_text(note)))


@dataclass(frozen=True)
class EligibilityStatus:
    yes: tuple[Question, ...]
    no: tuple[Question, ...]
    unanswered: tuple[Question, ...]

    @property
    def complete(self) -> bool:
        """Every question answered yes."""
        return not self.no and not self.unanswered


def eligibility_status(plan: Plan) -> EligibilityStatus:
    answers = plan.eligibility.answers if plan.eligibility else {}
    yes = tuple(q for q in ELIGIBILITY_QUESTIONS if answers.get(q.id) is True)
    no = tuple(q for q in ELIGIBILITY_QUESTIONS if answers.get(q.id) is False)
    unanswered = tuple(q for q in ELIGIBILITY_QUESTIONS if answers.get(q.id) is None)
    return EligibilityStatus(yes, no, unanswered)


@dataclass(frozen=True)
class Readiness:
    """Is the plan "klar for vedtak"? Every condition answered yes, no rule errors, nothing proposed
    that the pair has not agreed."""

    ready: bool
    reasons: tuple[str, ...]  # why not, in Norwegian, most important first


def readiness(plan: Plan, error_count: int | None) -> Readiness:
    status = eligibility_status(plan)
    reasons: list[str] = []
    if status.no:
        reasons.append(f"{len(status.no)} vilkår er besvart «nei»: " + "; ".join(q.text for q in status.no))
    if status.unanswered:
        reasons.append(f"{len(status.unanswered)} av {len(ELIGIBILITY_QUESTIONS)} vilkår er ikke vurdert ennå")
    if error_count is None:
        reasons.append("regelsjekken er ikke tilgjengelig")
    elif error_count:
        reasons.append(f"regelsjekken finner {error_count} feil")
    proposed = proposed_activities(plan)
    if proposed:
        reasons.append(f"{len(proposed)} aktivitet(er) er fortsatt forslag og ikke avtalt")
    if not plan.activities:
        reasons.append("programmet har ingen aktiviteter")
    return Readiness(not reasons, tuple(reasons))
