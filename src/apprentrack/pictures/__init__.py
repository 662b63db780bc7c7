"""Pictures worth publishing: the burn-up chart and the map as Vega-Lite specifications, rendered by the
charts extra (render.py, the only module that imports vl-convert), and the HTML pages."""
