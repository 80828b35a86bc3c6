"""Shared UI pieces for the Streamlit app (state, widgets, charts, formatting). No domain logic here."""
