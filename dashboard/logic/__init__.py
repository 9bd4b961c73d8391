"""The dashboard's callback logic as plain functions over plain values, testable without a
browser: the pages and `dashboard.callbacks` only wire components to them.

- `data`      the store the app reads (opened read-only per request) and the result cache
- `urlstate`  filters and page state in the URL query string; the page paths
- `filterbar` the shared filter bar: its options and the URL <-> controls sync
- `charts`    every chart: the catalog analysis it shows with its settings, its figure, CSV and options
- `drills`    where a click on a chart leads (the Articles page's filters)
- `labels`    text escaped for Plotly labels
- `overview`  the Overview page's figures and date-quality warnings
- `grid`      the Articles table's requests (sort, filter, paging) answered server-side
- `highlight` an article's text cut into plain and highlighted pieces
- `reuse`     text reuse: the Reuse page's notice, an article's "also published as" and its shared passages
- `messages`  what the user reads when something cannot be shown
"""
