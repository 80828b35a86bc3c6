"""The basis of a vedtak on KVP, as plain text a veileder pastes into the case system (bokmål).

kvp-rules.md, "What a vedtak on KVP must carry": the duration of the period; the stipend and its
basis (G, rate factor, day rate, the under-25 rate, barnetillegg); that ugyldig fravær reduces the
stipend (§ 36); that paid work and other benefits are offset (§§ 37–38); payment in arrears on
registered attendance (§ 39); the right to an individuell plan (§ 33); the reasons; the right to
appeal to statsforvalteren within 3 weeks (§ 47). The programme's content is not itself a vedtak:
the plan goes with it as an attachment.

The text is a draft: the reasons are a placeholder the veileder fills in ([FYLL INN: …]).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from planner.calendar import ProgrammeCalendar
from planner.dates import anniversary
from planner.export.document import duration_text, params_date
from planner.export.messages import Messages
from planner.model import Category, Period, Plan
from planner.params import Parameters
from planner.text import fmt_date, fmt_kr, fmt_list, fmt_month, fmt_number

PLACEHOLDER = "[FYLL INN: {what}]"


def _kr(value) -> str:
    return fmt_kr(value)


def _kr_whole(value) -> str:
    """Whole kroner, as NAV publishes G and the annual rates: "130 160 kr"."""
    return f"{fmt_number(value, 0)} kr"


def _pick_period(periods: list[Period], today: date, index: int | None) -> tuple[int, Period]:
    if index is not None:
        if not 0 <= index < len(periods):
            raise ValueError(f"planen har ingen periode nummer {index + 1}")
        return index, periods[index]
    for i, period in enumerate(periods):  # the period running today, else the next one, else the last
        if period.end >= today:
            return i, period
    return len(periods) - 1, periods[-1]


def vedtak_basis_text(plan: Plan, params: Parameters, *, today: date, period: int | None = None) -> str:
    """The vedtak basis for one vedtak period (`period`: index from 0; default the period running
    on `today`, else the next, else the last), in Norwegian bokmål."""
    from planner.stipend import annual_rate, compute_stipend

    periods = sorted(plan.periods, key=lambda p: p.start)
    if not periods:
        raise ValueError("planen har ingen vedtaksperioder")
    index, chosen = _pick_period(periods, today, period)
    m = Messages("nb")
    calendar = ProgrammeCalendar(plan, params)
    stipend = compute_stipend(plan, params)
    p = plan.participant
    lines: list[str] = []
    add = lines.append

    add("GRUNNLAG FOR VEDTAK OM KVALIFISERINGSPROGRAM OG KVALIFISERINGSSTØNAD")
    when = params_date(params)
    add(f"Utkast fra KVP-planleggeren {fmt_date(today)}. Satser: parametre per {fmt_date(when)}.")
    add("")
    who = (p.name or "").strip() or PLACEHOLDER.format(what="navn")
    add(f"Deltaker: {who}, født {fmt_date(p.birth_date)}.")
    add(f"Søknad mottatt: {fmt_date(plan.application_date)}.")
    add("")

    # 1. Period and duration.
    add("1. Vedtaksperiode og varighet")
    add(
        f"Kvalifiseringsprogram innvilges for perioden {fmt_date(chosen.start)} til og med {fmt_date(chosen.end)} "
        f"({duration_text(chosen.start, chosen.end, m)}), jf. sosialtjenesteloven §§ 29 til 32 og forskrift om "
        f"kvalifiseringsprogram § 2. Perioden er vedtaksperiode {index + 1} av {len(periods)} i planen."
    )
    if len(periods) > 1:
        spans = [f"{i + 1}: {fmt_date(x.start)} til {fmt_date(x.end)}" for i, x in enumerate(periods)]
        add(f"Perioder i planen: {'; '.join(spans)}.")
    if chosen.special_reasons:
        add(
            "Perioden er en forlengelse utover to år på grunn av særlige grunner (sosialtjenesteloven § 32 annet ledd): "
            + PLACEHOLDER.format(what="de særlige grunnene")
        )
    if calendar.start and calendar.end:
        add(
            f"Hele programmet varer etter planen fra {fmt_date(calendar.start)} til {fmt_date(calendar.end)} "
            f"({duration_text(calendar.start, calendar.end, m)}). Programmet kan vare i inntil to år, og forlenges med "
            "inntil ett år ved særlige grunner; permisjon og avbrudd regnes ikke med (§ 32, § 34)."
        )
    add(
        f"Programmet er helårig og på full tid, {fmt_number(params.at('program.timer_per_uke', chosen.start), 2)} timer per uke "
        "(sosialtjenesteloven § 30)."
    )
    evaluations = [e.date for e in sorted(plan.evaluations, key=lambda e: e.date) if chosen.start <= e.date <= chosen.end]
    if evaluations:
        add(f"Planlagte evalueringer i perioden: {fmt_list(fmt_date(d) for d in evaluations)} (forskrift § 1).")
    else:
        add(f"Planlagte evalueringer i perioden: {PLACEHOLDER.format(what='datoer for evaluering (forskrift § 1)')}")
    add(
        "Innholdet i programmet går fram av den vedlagte planen. Innholdet er ikke en del av vedtaket, og det kan "
        "endres etter evaluering sammen med deltakeren."
    )
    add("")

    # 2. The stipend and its basis.
    add("2. Kvalifiseringsstønad og grunnlaget for den")
    segments = [s for s in stipend.rate_segments if s.end >= chosen.start and s.start <= chosen.end] or list(stipend.rate_segments)
    first = segments[0]
    factor = fmt_number(first.factor, 3)
    full_day = Fraction(first.factor) * Fraction(first.g) / Fraction(first.days_per_year)
    add(
        f"Kvalifiseringsstønaden utgjør {factor} ganger grunnbeløpet (G) per år (sosialtjenesteloven § 35 første ledd). "
        f"G er {_kr_whole(first.g)} fra {fmt_date(first.g_from)}. Full stønad er da {_kr_whole(annual_rate(params, first.start, under_25=False))} per år. "
        f"Dagsatsen er årlig stønad delt på {fmt_number(first.days_per_year, 0)}: {_kr(full_day)} per dag "
        f"(forskrift om kvalifiseringsprogram § 3)."
    )
    young = [s for s in segments if s.share != 1]
    if young:
        share = young[0].share
        turns = anniversary(p.birth_date, int(params.at("stonad.alder_full_sats", young[-1].end)))
        add(
            f"Deltakeren er under 25 år og får {share.numerator}/{share.denominator} av full stønad "
            f"(§ 35 annet ledd): {_kr_whole(annual_rate(params, young[0].start, under_25=True))} per år, "
            f"{_kr(young[0].base_day_rate)} per dag, til og med {fmt_date(turns - timedelta(days=1))}. "
            f"Full stønad gis fra 25-årsdagen {fmt_date(turns)}."
        )
    else:
        add("Deltakeren er 25 år eller eldre og får full stønad.")
    children = [s for s in segments if s.children]
    if children:
        c = children[0]
        add(
            f"Barnetillegg: {c.children} barn som deltakeren forsørger, {_kr(c.barnetillegg)} per barn per stønadsdag "
            "(§ 35 tredje ledd). Barnetillegg gis til barnet fyller 18 år."
        )
    else:
        add("Barnetillegg: deltakeren forsørger ikke barn under 18 år, og får ikke barnetillegg.")
    changes = sorted({r for s in segments for r in s.reasons})
    if changes:
        add("Endringer i satsene i perioden: " + "; ".join(changes) + ".")
    add(
        "Stønad gis for hverdager mandag til fredag i programmet (stønadsdager), også helligdager og ferie, men ikke "
        "i avbrudd (§ 34). G reguleres 1. mai hvert år, og stønaden endres tilsvarende. Stønaden er skattepliktig."
    )
    months = [mo for mo in stipend.months if chosen.start.strftime("%Y-%m") <= mo.month <= chosen.end.strftime("%Y-%m")]
    if months:
        total = sum((mo.total for mo in months), start=type(months[0].total)(0))
        add(
            f"Beregnet stønad før skatt for månedene {fmt_month(months[0].month)} til {fmt_month(months[-1].month)}: "
            f"{_kr(total)}. Første utbetaling: {_kr(months[0].total)} for {fmt_month(months[0].month)}, "
            f"{fmt_date(months[0].payment_date)}."
        )
        if any(mo.projected for mo in months):
            add("Beløpene etter siste kjente G er beregnet med siste kjente G og blir justert når ny G er fastsatt.")
    add("")

    # 3. Absence.
    add("3. Ugyldig fravær")
    child_kept = not bool(params.at("stonad.barnetillegg_trekkes_ved_ugyldig_fravaer", chosen.start))
    add(
        "Fravær uten gyldig grunn (ugyldig fravær) gir en tilsvarende reduksjon i stønaden, time for time "
        "(sosialtjenesteloven § 36)."
        + (" Barnetillegget reduseres ikke ved ugyldig fravær." if child_kept else "")
        + " Deltakeren må gi beskjed til veilederen så snart som mulig ved fravær."
    )
    add("")

    # 4. Offsetting.
    add("4. Samordning med lønn og andre ytelser")
    add(
        "Lønnet arbeid og lærlinglønn reduserer stønaden, medregnet barnetillegg, time for time "
        "(sosialtjenesteloven § 37). Dagpenger, sykepenger og foreldrepenger reduserer stønaden krone for krone "
        "(sosialtjenesteloven § 38). Barnebidrag, bostøtte, barnetrygd, kontantstøtte, engangsstønad og "
        "tilleggsstønader reduserer ikke stønaden. Kommunen kan kreve refusjon i etterbetalte ytelser (§ 38)."
    )
    add("")

    # 5. Payment.
    add("5. Utbetaling")
    add(
        f"Stønaden utbetales etterskuddsvis på grunnlag av registrert oppmøte (sosialtjenesteloven § 39), den "
        f"{stipend.payment_day}. i måneden etter (nærmeste virkedag før hvis den dagen er helg eller helligdag). "
        "For mye utbetalt stønad kan trekkes i senere utbetalinger (§ 40)."
    )
    add("")

    # 6. Individuell plan.
    add("6. Individuell plan")
    add(
        "Deltakeren har rett til en individuell plan når hun eller han har behov for langvarige og koordinerte "
        "tjenester (sosialtjenesteloven § 33). Planen utarbeides sammen med deltakeren (§ 42)."
    )
    add("")

    # 7. Reasons.
    add("7. Begrunnelse")
    add(
        PLACEHOLDER.format(
            what="begrunnelse: vilkårene i sosialtjenesteloven § 29 (alder 18–67 år, vesentlig nedsatt arbeids- og "
            "inntektsevne, ingen eller svært begrensede ytelser til livsopphold, arbeidsevnevurdering), hvorfor et "
            "tett og koordinert program er hensiktsmessig og nødvendig, og hvordan programmet er tilpasset deltakerens behov"
        )
    )
    health = [a for a in plan.activities if a.counts and a.category is Category.HEALTH and a.start <= chosen.end and a.end >= chosen.start]
    if health:
        add("Tid satt av til helserelaterte aktiviteter skal begrunnes (sosialtjenesteloven § 30):")
        for a in health:
            reason = a.justification or PLACEHOLDER.format(what="begrunnelse for tiden")
            add(f"- {a.title} ({fmt_number(a.hours_per_week, 2)} timer per uke): {reason}")
    add("")

    # 8. Appeal.
    add("8. Klagerett")
    add(
        "Deltakeren kan klage på vedtaket. Klagefristen er tre uker fra vedtaket er mottatt (sosialtjenesteloven "
        "§ 47 og forvaltningsloven § 29). Klagen sendes til NAV-kontoret. Hvis NAV-kontoret ikke endrer vedtaket, "
        "sendes klagen til statsforvalteren for behandling. Deltakeren har rett til å se dokumentene i saken "
        "(forvaltningsloven §§ 18 og 19) og kan få hjelp til å klage."
    )
    return "\n".join(lines) + "\n"
