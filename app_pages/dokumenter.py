"""Dokumenter: the plan on paper. The participant's copy, the case copy, the deltakerbevis (PDFs,
previewed page by page and downloaded) and the vedtak basis (text to copy into the case system).

A PDF is made only when asked for (one button per document) and then cached by the plan's text,
the document, its language and the participant's own words (`app_ui.documents`). The participant
view shows only what the participant takes home: their copy of the plan and the deltakerbevis.
"""

from __future__ import annotations

import streamlit as st

from app_ui import documents as docs
from app_ui import engine, state, widgets
from app_ui.fmt import fmt_date, fmt_span
from planner.model import Status

widgets.heading("Dokumenter", "Ta med planen hjem")
plan = widgets.require_plan()
plain = state.participant_mode()
analysis = engine.analyse(plan)
today = docs.today()
MADE = "documents_made"  # document -> the request (plan, language, own words, day) it was made for
made: dict = st.session_state.setdefault(MADE, {})
periods = sorted(plan.periods, key=lambda p: p.start)

# What each document is called in the previews' alt text ("Side 1 av 7 av planen").
OF_WHAT = {
    docs.PARTICIPANT: "planen",
    docs.CASE: "saksbehandlerens eksemplar av planen",
    docs.BEVIS: "deltakerbeviset",
}


def language_choice(document: str, label: str = "Språk") -> str:
    """nb / nn / en, the plan's own language first time; remembered per plan."""
    key = state.wkey(f"doc_lang_{document}")
    if st.session_state.get(key) not in docs.LANGUAGE_NAMES:
        st.session_state.pop(key, None)
    return st.radio(
        label,
        list(docs.LANGUAGE_NAMES),
        format_func=docs.LANGUAGE_NAMES.get,
        horizontal=True,
        **state.persist(key, plan.participant.language if plan.participant.language in docs.LANGUAGE_NAMES else "nb"),
    )


def preview(images: list[bytes], document: str) -> None:
    """The pages, two side by side, each with its alt text."""
    total = len(images)
    for first in range(0, total, 2):
        cols = st.columns(2)
        for offset, image in enumerate(images[first:first + 2]):
            number = first + offset + 1
            cols[offset].image(
                image,
                caption=f"Side {number} av {total}",
                alt=f"Side {number} av {total} av {OF_WHAT[document]}",
            )


def make_button(document: str, label: str, request: tuple) -> None:
    # A callback, so the run after the click already knows: the button is gone, the document there.
    st.button(label, key=f"doc_make_{document}", icon=":material/picture_as_pdf:",
              on_click=made.__setitem__, args=(document, request),
              type="primary" if document in (docs.PARTICIPANT, docs.BEVIS) else "secondary")


def pdf_section(document: str, *, make_label: str, download_label: str, language: str | None,
                own_words: str | None = None) -> None:
    """The button that makes the PDF; once made for the plan as it is: the download and the pages."""
    request = (analysis.fingerprint, language, own_words, today)
    if made.get(document) != request:
        outdated = document in made
        if outdated:
            st.caption(
                "Du har endret noe siden sist. Trykk på knappen for å lage den nye versjonen."
                if plain else
                "Planen eller valgene er endret siden dokumentet ble laget. Lag det på nytt for å se den nye versjonen."
            )
        make_button(document, "Lag på nytt" if outdated else make_label, request)
        return
    try:
        with st.spinner("Lager dokumentet …" if plain else "Lager PDF …"):
            data = docs.pdf(analysis.json_text, document, language, own_words, today)
    except Exception as exc:  # Typst, the chart or a plan the document cannot show: never a traceback
        docs.log_failure(f"dokument {document}", exc)
        st.error(
            "Dokumentet kunne ikke lages. Prøv igjen om litt. Hvis det skjer igjen, si fra til den som drifter "
            "løsningen. Planen er ikke endret."
        )
        made.pop(document, None)  # not tried again on every rerun: only when asked
        make_button(document, "Prøv igjen", request)
        return
    st.download_button(
        download_label,
        data=data,
        file_name=docs.file_name(plan, document, language),
        mime="application/pdf",
        key=f"doc_download_{document}",
        icon=":material/download:",
        on_click="ignore",
    )
    try:
        with st.spinner("Lager forhåndsvisning …"):
            images = docs.pages(analysis.json_text, document, language, own_words, today)
    except Exception as exc:
        docs.log_failure(f"forhåndsvisning av {document}", exc)
        st.info("Forhåndsvisningen kunne ikke lages, men PDF-en over kan lastes ned.")
        return
    preview(images, document)


def no_periods_message() -> None:
    if plain:
        st.info(
            "Programmet ditt har ingen datoer ennå. Når veilederen har lagt inn når programmet varer, "
            "kan du lage deltakerbeviset."
        )
        return
    st.info(
        "Planen har ingen vedtaksperiode ennå. Planen kan skrives ut som et utkast, men deltakerbeviset og "
        "grunnlaget for vedtaket trenger en periode. Legg inn perioden under Program → Perioder og fravær."
    )
    if st.button("Gå til perioder", key="doc_goto_periods", icon=":material/event_note:"):
        st.session_state[state.PROGRAM_SECTION] = "Perioder og fravær"
        st.switch_page(widgets.PAGE_PROGRAM)


# ------------------------------------------------------------------------------ the page

# A white page on a white screen needs an edge.
st.html("""<style>
[class*="st-key-doc_box_"] [data-testid="stImage"] img { border: 1px solid #c8c8d0; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
</style>""")

if plain:
    st.write(
        "Her kan du lage planen din som en PDF. Du kan se på den her, laste den ned og skrive den ut. "
        "Da har du planen med deg hjem."
    )
else:
    st.write(
        "Dokumentene lages fra planen slik den er nå, når du ber om dem. Forhåndsvisningen viser de samme "
        "sidene som PDF-en."
    )
    if analysis.errors:
        st.warning(
            f"Regelsjekken finner {analysis.errors} feil i planen. Dokumentene kan lages, men se på feilene før "
            "planen skrives ut og signeres."
        )
        st.page_link(widgets.PAGE_RULES, label="Se feilene", icon=":material/rule:")
if not periods:
    no_periods_message()

# -- the participant's copy
with st.container(border=True, key="doc_box_participant"):
    st.header("Planen din" if plain else "Planen – deltakerens eksemplar")
    st.write(
        "Alt vi har avtalt: målene dine, aktivitetene, uka di, pengene og hva du må vite."
        if plain else
        "I enkelt språk, på deltakerens språk: mål, program, uka, aktiviteter, tidslinje, stønaden og "
        "rettigheter. Med plass til underskrifter."
    )
    language = language_choice(docs.PARTICIPANT)
    pdf_section(docs.PARTICIPANT, make_label="Lag planen" if plain else "Lag PDF og forhåndsvisning",
                download_label="Last ned planen (PDF)", language=language)

# -- the case copy
if not plain:
    with st.container(border=True, key="doc_box_case"):
        st.header("Planen – saksbehandlerens eksemplar")
        st.write(
            "På bokmål. I tillegg til deltakerens eksemplar: fakta i saken, vedtaksdatoer, begrunnelser, "
            "hele stønadstabellen med «Hvorfor?» for hver måned, og regelsjekken."
        )
        pdf_section(docs.CASE, make_label="Lag PDF og forhåndsvisning", download_label="Last ned saksbehandlerens eksemplar (PDF)",
                    language="nb")

# -- the deltakerbevis
with st.container(border=True, key="doc_box_deltakerbevis"):
    st.header("Deltakerbevis")
    st.write(
        "Et deltakerbevis viser hva du har gjort i programmet. Du kan vise det til en arbeidsgiver eller en skole."
        if plain else
        "Dokumentasjon av deltakelsen (forskrift § 1): innhold, varighet, oppmøte, mål og kompetanse, og "
        "deltakerens egne ord."
    )
    if not periods:
        st.caption("Deltakerbeviset kan lages når programmet har en periode.")
    else:
        end = min(plan.ended, analysis.calendar.end) if plan.ended and analysis.calendar.end else analysis.calendar.end
        if end is not None and end > today:
            st.info(
                f"Programmet ditt er ikke ferdig ennå (det varer til {fmt_date(end)}). Derfor er dette bare et "
                "utkast. Det ferdige beviset lager dere når programmet er slutt."
                if plain else
                f"Programmet er ikke avsluttet ennå (det varer til {fmt_date(end)}). Deltakerbeviset blir et "
                "utkast: det viser programmet slik det er planlagt fram til slutten, og oppmøtet så langt det er "
                "registrert."
            )
        proposals = sum(1 for a in plan.activities if a.status is Status.PROPOSED)
        if proposals:
            st.caption(
                ("Aktiviteter som bare er forslag, kommer ikke med på beviset. " if plain else
                 f"{proposals} {'aktivitet er et forslag' if proposals == 1 else 'aktiviteter er forslag'} og kommer "
                 "ikke med på deltakerbeviset før de er avtalt.")
            )
        own = st.text_area(
            "Med dine egne ord",
            max_chars=2000,
            placeholder="Hva har du lært? Hva er du god til nå? Hva vil du gjøre videre?",
            help="Teksten kommer med på deltakerbeviset slik den er skrevet. La feltet stå tomt for å få "
            "tomme linjer å skrive på for hånd.",
            **state.persist(state.wkey("doc_own_words"), ""),
        )
        bevis_language = language_choice(docs.BEVIS)
        pdf_section(docs.BEVIS, make_label="Lag deltakerbeviset" if plain else "Lag PDF og forhåndsvisning",
                    download_label="Last ned deltakerbeviset (PDF)", language=bevis_language,
                    own_words=(own or "").strip() or None)

# -- the vedtak basis
if not plain:
    with st.container(border=True, key="doc_box_vedtak"):
        st.header("Grunnlag for vedtak")
        st.write(
            "Tekst til vedtaket om kvalifiseringsprogram og kvalifiseringsstønad for én vedtaksperiode, på bokmål. "
            "Kopier den inn i saksbehandlingssystemet og fyll inn begrunnelsen der det står [FYLL INN: …]."
        )
        if not periods:
            st.caption("Grunnlaget for vedtak kan lages når planen har en vedtaksperiode.")
        else:
            chosen = None
            if len(periods) > 1:
                running = next((i for i, p in enumerate(periods) if p.end >= today), len(periods) - 1)
                key = state.wkey("doc_vedtak_period")
                if st.session_state.get(key) not in range(len(periods)):
                    st.session_state.pop(key, None)
                    st.session_state.pop(f"_kept_{key}", None)
                chosen = st.selectbox(
                    "Vedtaksperiode",
                    list(range(len(periods))),
                    format_func=lambda i: f"Periode {i + 1}: {fmt_span(periods[i].start, periods[i].end)}",
                    **state.persist(key, running),
                )
            try:
                text = docs.vedtak_text(analysis.json_text, chosen, today)
            except Exception as exc:
                docs.log_failure("grunnlag for vedtak", exc)
                st.error("Grunnlaget for vedtak kunne ikke lages. Planen er ikke endret.")
            else:
                st.code(text, language=None, wrap_lines=True)  # no height: a scrolling <pre> cannot take keyboard focus
                st.download_button(
                    "Last ned som tekstfil (.txt)",
                    data=text.encode("utf-8"),
                    file_name=docs.file_name(plan, docs.VEDTAK, period=chosen if chosen is not None else 0),
                    mime="text/plain",
                    key="doc_download_vedtak",
                    icon=":material/download:",
                    on_click="ignore",
                )
