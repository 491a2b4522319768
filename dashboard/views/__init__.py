"""Pure views, one module per topic: published query results in; plotly figures, deck maps, tables
and sentences out, in the active language. No Streamlit here, so the pages, the factsheet and the
command line compose the same pieces (docs/architecture.md)."""
