"""KVP-planleggeren: the pure domain core (no Streamlit, no hidden I/O).

Start reading at `model.py` (the plan as data), then `params.py` (the dated numbers of the law),
`calendar.py` (which days count), `rules/` (the checks) and `stipend/` (kvalifiseringsstønad).
"""
