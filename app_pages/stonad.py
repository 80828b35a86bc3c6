"""Stønad: the kvalifiseringsstønad month by month, when it is paid, and why each month is what it is."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_ui import engine, state, widgets
from app_ui.fmt import cell_date, fmt_date, fmt_kr, fmt_month
from planner import editing

widgets.heading("Stønad", "Pengene dine")
plan = widgets.require_plan()
plain = state.participant_mode()
analysis = engine.analyse(plan)




def registrations() -> None:
    """Registered absence and income: what the deductions (§§ 36–38) are computed from."""
    st.header("Fravær og inntekt")
    st.caption(
        "Ugyldig fravær trekkes time for time (§ 36). Lønnet arbeid trekkes time for time, også i "
        "barnetillegget (§ 37). Dagpenger, sykepenger og foreldrepenger trekkes krone for krone (§ 38)."
    )
    cols = st.columns(2)
    absences = pd.DataFrame(
        [{"date": a.date, "hours": float(a.hours), "valid": a.valid, "reason": a.reason or ""} for a in plan.absences],
        columns=["date", "hours", "valid", "reason"],
    )
    with cols[0]:
        st.subheader("Registrert fravær")
        widgets.list_editor(
            "absences", absences, editing.set_absences,
            {
                "date": st.column_config.DateColumn("Dato", format="DD.MM.YYYY", required=True),
                "hours": st.column_config.NumberColumn("Timer", min_value=0.25, max_value=7.5, step=0.25,
                                                       format="localized", required=True),
                "valid": st.column_config.CheckboxColumn("Gyldig", help="Ikke huket av: ugyldig fravær (§ 36)",
                                                         default=False),
                "reason": st.column_config.TextColumn("Årsak"),
            },
        )
    income = pd.DataFrame(
        [{"kind": editing.INCOME_LABELS_NB[i.kind], "month": i.month,
          "value": float(i.hours if i.hours is not None else i.amount or 0)} for i in plan.income],
        columns=["kind", "month", "value"],
    )
    with cols[1]:
        st.subheader("Arbeid og andre ytelser")
        widgets.list_editor(
            "income", income, editing.set_income,
            {
                "kind": st.column_config.SelectboxColumn("Type", options=list(editing.INCOME_LABELS_NB.values()),
                                                         required=True),
                "month": st.column_config.TextColumn("Måned (ÅÅÅÅ-MM)", required=True, validate=r"^\d{4}-\d{2}$"),
                "value": st.column_config.NumberColumn("Timer eller kroner", min_value=0.0, format="localized",
                                                       required=True),
            },
        )


if not analysis.stipend_available:
    st.info(analysis.stipend_problem or "Stønadsberegningen er ikke tilgjengelig.")
    st.stop()

result = analysis.stipend
if not result.months:
    st.info("Planen har ingen vedtaksperiode, så det er ingen stønad å regne ut.")
    st.stop()

if plain:
    st.write(
        "Du får pengene etterskuddsvis: pengene for en måned kommer etter at måneden er over. "
        "Hvis du er borte uten lov, blir det mindre penger. Lønn fra jobb og andre penger fra NAV "
        "trekkes også fra."
    )
else:
    st.write(
        "Beregnet etter sotjl §§ 35–40: dagsats = årlig sats / 260 per stønadsdag, barnetillegg per barn per dag, "
        "fradrag for ugyldig fravær (§ 36), arbeid (§ 37) og andre ytelser (§ 38), trekk (§ 40). "
        "Utbetales etterskuddsvis (§ 39)."
    )

cols = st.columns(3)
cols[0].metric("Til sammen" if plain else "Sum for hele programmet", fmt_kr(result.total))
cols[1].metric("Måneder", len(result.months))
if not plain:
    cols[2].metric("Siste kjente G fra", fmt_date(result.last_known_g_date))
if any(m.projected for m in result.months) and not plain:
    st.warning(
        f"Noen måneder er framskrevet med siste kjente G (fra {fmt_date(result.last_known_g_date)}). "
        "Beløpene endres når ny G er vedtatt (hvert år fra 1. mai)."
    )

if plain:
    table = pd.DataFrame(
        [{"Måned": fmt_month(m.month), "Du får": fmt_kr(m.total), "Utbetales": fmt_date(m.payment_date)}
         for m in result.months]
    )
else:
    table = pd.DataFrame(
        [
            {
                "Måned": fmt_month(m.month),
                "Stønadsdager": m.stipend_days,
                "Stønad": fmt_kr(m.base),
                "Barnetillegg": fmt_kr(m.child_supplement),
                "Ugyldig fravær": fmt_kr(-m.absence_deduction) if m.absence_deduction else "",
                "Arbeid": fmt_kr(-m.work_deduction) if m.work_deduction else "",
                "Andre ytelser": fmt_kr(-m.benefit_deduction) if m.benefit_deduction else "",
                "Trekk": fmt_kr(-m.trekk) if m.trekk else "",
                "Til utbetaling": fmt_kr(m.total),
                "Utbetales": fmt_date(m.payment_date),
                "Framskrevet": "ja" if m.projected else "",
            }
            for m in result.months
        ]
    )
if not plain:
    # Deductions that are nil in every month are left out, so the table fits the screen.
    table = table[[c for c in table.columns if (table[c] != "").any()]]
money = [c for c in table.columns if c not in ("Måned", "Utbetales", "Framskrevet", "Stønadsdager")]
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=min(38 + 35 * len(table), 600),
    column_config={c: st.column_config.TextColumn(c, alignment="right") for c in money},
)

st.header("Hvorfor blir beløpet slik?" if plain else "Hvorfor? Måned for måned")
for m in result.months:
    with st.expander(f"{fmt_month(m.month).capitalize()}: {fmt_kr(m.total)}, utbetales {fmt_date(m.payment_date)}"):
        why = m.explanation
        st.write(getattr(why, "summary", "") or "")
        if plain:
            continue
        segments = getattr(why, "segments", ()) or ()
        if segments:
            st.table(pd.DataFrame([
                {
                    "Fra": cell_date(s.start), "Til": cell_date(s.end), "Dager": s.days,
                    "G": fmt_kr(s.g), "Faktor": str(s.factor).replace(".", ","),
                    "Andel": f"{s.share.numerator}/{s.share.denominator}" if s.share != 1 else "1",
                    "Dagsats": fmt_kr(s.day_rate), "Barn": s.children,
                    "Barnetillegg per barn og dag": fmt_kr(s.barnetillegg), "Stønad": fmt_kr(s.base_amount),
                    "Barnetillegg": fmt_kr(s.child_amount),
                }
                for s in segments
            ]))
        absences = getattr(why, "absences", ()) or ()
        if absences:
            st.markdown("**Ugyldig fravær**")
            st.table(pd.DataFrame([
                {"Dato": cell_date(a.date), "Timer": str(a.counted_hours).replace(".", ","),
                 "Timesats": fmt_kr(a.hour_rate), "Trekk": fmt_kr(a.amount), "Merknad": a.note or ""}
                for a in absences
            ]))
        if result.notes and m is result.months[0]:
            st.caption(" ".join(result.notes))

if not plain:
    registrations()
