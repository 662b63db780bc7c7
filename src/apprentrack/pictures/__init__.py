"""Pictures worth publishing: the burn-up chart, the map and the week's card as Vega-Lite specifications,
rendered by the charts extra (render.py, the only module that imports vl-convert), and the HTML pages."""
