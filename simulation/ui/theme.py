"""Projector look: colour-blind-safe palette (Okabe–Ito) and the dashboard's CSS.

Okabe, M. and Ito, K. (2008), "Color Universal Design: how to make figures and
presentations that are friendly to colorblind people", https://jfly.uni-koeln.de/color/.
"""

from __future__ import annotations

# Okabe–Ito palette
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#595959"

REDUCTION = BLUISH_GREEN
INCREASE = VERMILLION
TARGET = BLACK
TODAY = "#999999"

#: Secondary text (notes, legends, sources, chart labels, the copy button): at least 16 px
#: on a screen 1024 px wide or more, where body text is at least 18 px; 14 px on a phone.
#: The browser tests (``tests/e2e/test_screens.py``) hold the stylesheet to this.
SECONDARY_TEXT = (
    ".atelier-note", ".atelier-caveat-text", ".atelier-legend", ".atelier-details",
    ".atelier-figure-source", ".atelier-card-detail", ".atelier-bar-inline",
    ".atelier-col-total", ".atelier-col-label", ".atelier-target", ".atelier-copy",
    ".atelier-code-label", ".atelier-bar-label", ".atelier-lever-level",
    ".atelier-lever-national", ".atelier-sources", ".atelier-tick-x", ".atelier-tick-y",
    ".atelier-summer-period", ".atelier-pb-note", ".atelier-story-tag", ".atelier-pb-more",
    ".atelier-trajectory-unit",
)

_BASE_CSS = """
body, .jp-Notebook, .jp-Cell, .jp-OutputArea-output { padding: 0 !important; margin: 0 !important; }
.jp-Notebook, .jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output {
  max-width: 100% !important; min-width: 0 !important; }
/* Type scales with the screen: 16 px on a phone, 18 px from 1000 px (an old projector),
   19.4 px at 1280 px, 22.6 px at 1920 px; the big-screen mode adds about a fifth for the
   back of the room. Secondary text is 0.9 em: 16 px or more from 1000 px, 14.4 px on a
   phone (SECONDARY_TEXT). */
.atelier { font-family: "DejaVu Sans", Verdana, sans-serif; color: #000;
  font-size: clamp(16px, 0.5vw + 13px, 24px); line-height: 1.3;
  --jp-widgets-font-size: 1em; --jp-widgets-inline-height: 2em;
  --jp-widgets-inline-label-width: 6em; --jp-ui-font-size1: 1em;
  width: 100%; max-width: 2200px; margin: 0 auto; padding: 0 0.4em; box-sizing: border-box; }
.atelier.atelier-projection { font-size: clamp(20px, 0.8vw + 13.5px, 32px); }
.atelier * { box-sizing: border-box; }
.atelier .widget-label, .atelier .widget-html, .atelier .widget-html-content,
.atelier .widget-button, .atelier .widget-toggle-button, .atelier .widget-dropdown select,
.atelier .widget-text input, .atelier .widget-select select {
  font-size: 1em; color: #000; }
.atelier .widget-html, .atelier .widget-html-content { line-height: 1.3; white-space: normal;
  min-width: 0; max-width: 100%; height: auto; }
.atelier .widget-button, .atelier .widget-toggle-button { height: auto; min-height: 2em;
  padding: 0.15em 0.6em; width: auto; white-space: normal; line-height: 1.2; }
.atelier .widget-inline-hbox, .atelier .widget-hbox { min-width: 0; }
/* a column never squeezes nor stretches its children: the page scrolls instead */
.atelier .widget-vbox > *, .atelier .atelier-col > * { flex: 0 0 auto; }
.atelier .widget-dropdown, .atelier .widget-text, .atelier .widget-select {
  width: auto; max-width: 100%; min-width: 0; }
.atelier .widget-dropdown select, .atelier .widget-text input { height: 2em; }
/* text fields take the room of their line (their placeholder is never cut) */
.atelier .atelier-inline > .atelier-code-input, .atelier .atelier-inline > .atelier-name {
  flex: 1 1 14em; width: auto; }
.atelier .atelier-code-input input, .atelier .atelier-name input { width: 100%; min-width: 0; }
.atelier .widget-toggle-buttons { flex-wrap: wrap; min-width: 0; max-width: 100%; }
.atelier .widget-toggle-buttons .widget-toggle-button { margin: 0.1em 0.15em 0.1em 0; }
.atelier .jupyter-button.mod-active, .atelier .widget-toggle-button.mod-active {
  background: #0072B2; color: #fff; font-weight: bold; }
.atelier .jupyter-button.mod-primary { background: #0072B2; }
.atelier .jupyter-button.mod-warning { background: #C44E00; }
/* tabs: titles wrap onto two lines on a phone instead of being cut */
.atelier .lm-TabBar-content, .atelier .p-TabBar-content { flex-wrap: wrap; }
.atelier .lm-TabBar-tab, .atelier .p-TabBar-tab { font-size: 1.05em; flex: 0 1 auto !important;
  max-width: none !important; min-width: 0 !important; min-height: 2em; line-height: 1.25;
  padding: 0.35em 0.8em; color: #000; white-space: normal; }
.atelier .lm-TabBar-tab.lm-mod-current, .atelier .p-TabBar-tab.p-mod-current {
  font-weight: bold; border-top: 4px solid #0072B2; }
.atelier .lm-TabBar, .atelier .p-TabBar { min-height: 2.2em; overflow: visible; }
.atelier .widget-tab-contents, .atelier .jupyter-widget-Collapse-contents {
  padding: 0.4em 0 0 0; overflow: visible; }
/* layout: columns side by side on a wide screen, stacked on a phone */
.atelier-row { display: flex; flex-flow: row wrap; gap: 0.4em 1.2em; width: 100%;
  align-items: flex-start; }
.atelier-col { flex: 1 1 20em; min-width: 0; max-width: 100%; }
.atelier .atelier-row > .atelier-col { flex: 1 1 20em; }
.atelier-inline { display: flex; flex-flow: row wrap; align-items: center; gap: 0.3em;
  max-width: 100%; }
.atelier-header { display: flex; flex-flow: row wrap; align-items: center; gap: 0.3em 0.8em;
  border-bottom: 2px solid #000; padding: 0.2em 0 0.3em 0; width: 100%; }
.atelier-header-group { display: flex; flex-flow: row wrap; gap: 0.3em; align-items: center;
  max-width: 100%; }
.atelier-header-end { margin-left: auto; }
.atelier-status-box { flex: 1 1 100%; }
.atelier-status { color: #A33B00; font-weight: bold; }
.atelier-h { font-size: 1.15em; font-weight: bold; margin: 0.3em 0 0.3em 0; }
.atelier-note { font-size: 0.9em; color: #222; margin: 0.2em 0; }
.atelier-caveat-text { font-size: 0.9em; background: #FFF3D6; border-left: 4px solid #C44E00;
  padding: 0.2em 0.5em; margin: 0.2em 0; }
.atelier-label { margin-right: 0.3em; }
/* codes */
.atelier-code-box { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.3em; }
.atelier-code-label { font-size: 0.9em; }
.atelier-code { font-family: "DejaVu Sans Mono", monospace; font-weight: bold;
  background: #F2F2F2; padding: 0 0.3em; letter-spacing: 0.05em; overflow-wrap: break-word; }
.atelier-copy { font: inherit; font-size: 0.9em; padding: 0.1em 0.5em; cursor: pointer;
  border: 1px solid #555; background: #fff; border-radius: 3px; }
.atelier-qr svg { width: 9em; height: 9em; }
/* levers */
.atelier .atelier-row > .atelier-levers-left { flex: 1 1 22em; }
.atelier .atelier-row > .atelier-levers-right { flex: 2 1 26em; }
@media (min-width: 1000px) {
  .atelier-levers-right { position: sticky; top: 0; align-self: flex-start; } }
.atelier-lever { border-bottom: 1px solid #DDD; padding: 0.25em 0; }
.atelier-lever-head { display: flex; flex-flow: row wrap; align-items: center;
  justify-content: space-between; gap: 0.2em 0.5em; }
.atelier-lever-title { font-weight: bold; flex: 1 1 9em; line-height: 1.15; }
.atelier-lever-level { color: #222; }
.atelier .lever-buttons { flex-wrap: nowrap; }
.atelier .lever-buttons .widget-toggle-button { width: 2.3em; min-width: 2.3em; padding: 0;
  margin-right: 0.1em; }
.atelier .atelier-row > .atelier-big-box { flex: 1 1 14em; min-width: 0; }
.atelier .atelier-row > .atelier-trajectory { flex: 2 1 18em; }
.atelier-big { text-align: center; padding: 0.2em; }
.atelier-big .big { font-size: 2.2em; font-weight: bold; line-height: 1.1; }
.atelier-mini-total { display: none; }
@media (max-width: 999px) {
  .atelier-mini-total { display: block; position: sticky; top: 0; z-index: 5; background: #fff;
    border-bottom: 2px solid #0072B2; padding: 0.2em 0; font-weight: bold; } }
.atelier-big .place { font-size: 1.05em; }
.atelier-big .sub { font-size: 1.05em; }
.atelier-big .pct { font-size: 1.6em; font-weight: bold; }
.atelier-big .gap { font-weight: bold; }
/* HTML bar charts */
.atelier-chart-box { min-width: 0; }
.atelier .atelier-row > .atelier-chart-box { flex: 1 1 18em; }
.atelier-chart { width: 100%; }
.atelier-bar-row { margin: 0.15em 0 0.35em 0; }
.atelier-bar-label { display: flex; flex-wrap: wrap; justify-content: space-between;
  gap: 0 0.5em; font-size: 0.95em; }
.atelier-bar-value { white-space: nowrap; }
.atelier-bar-track { position: relative; background: #EEEEEE; height: 1.2em; width: 100%;
  margin: 0.08em 0; }
.atelier-bar { height: 100%; background: #0072B2; }
.atelier-bar-pair { display: flex; align-items: center; gap: 0.3em; }
.atelier-bar-pair .atelier-bar-track { flex: 1 1 auto; min-width: 0; }
.atelier-bar-inline { flex: 0 0 auto; min-width: 5.2em; text-align: right; font-size: 0.9em;
  line-height: 1.2; white-space: nowrap; }
/* stacked columns (fragments.stacked_columns): sizes come as --size and --at */
.atelier-stacked { container-type: inline-size; }
.atelier-columns { position: relative; display: flex; align-items: flex-end; gap: 0.4em;
  justify-content: space-around;
  height: 14em; border-bottom: 2px solid #000; margin-top: 1.6em; }
.atelier-col-bar { flex: 1 1 0; display: flex; flex-direction: column; justify-content: flex-end;
  align-items: stretch; height: 100%; min-width: 0; max-width: 10em; position: relative; }
.atelier-col-stack { display: flex; flex-direction: column; width: 100%; height: var(--size); }
.atelier-seg { width: 100%; height: var(--size); }
.atelier-col-total { text-align: center; font-size: 0.9em; font-weight: bold; line-height: 1.15; }
.atelier-col-label { position: absolute; top: 100%; padding-top: 0.15em; width: 100%;
  text-align: center; font-size: 0.9em; overflow-wrap: break-word; line-height: 1.1; }
.atelier-columns + .atelier-legend { margin-top: 2.6em; }
.atelier-target { position: absolute; left: 0; right: 0; bottom: calc(var(--at) * 100%);
  border-top: 3px dashed #000; z-index: 2; pointer-events: none; }
.atelier-target span { position: absolute; right: 0; top: -1.35em; font-size: 0.9em;
  background: rgba(255, 255, 255, 0.8); padding: 0 0.2em; line-height: 1.2; }
.atelier-legend { display: flex; flex-wrap: wrap; gap: 0.2em 1em; font-size: 0.9em;
  margin: 0.3em 0; }
.atelier-legend-item { display: inline-flex; align-items: center; gap: 0.3em; }
.atelier-swatch { display: inline-block; width: 1.4em; height: 0.9em; }
.atelier-swatch-box { background: var(--c); }
.atelier-swatch-band { background: var(--c); opacity: 0.3; }
.atelier-swatch-line { border-top: 4px solid var(--c); height: 0; }
.atelier-swatch-dash { border-top: 3px dashed var(--c); height: 0; }
.atelier-swatch-dots { border-top: 3px dotted var(--c); height: 0; }
.atelier-swatch-thin { border-top: 2px solid var(--c); height: 0; }
.atelier-details summary { cursor: pointer; color: #444444; font-size: 0.9em; }
.atelier-details ul, .atelier-figures { margin: 0.2em 0 0.4em 1.2em; padding: 0; }
.atelier-details li { font-size: 0.9em; }
.atelier-figures { list-style: none; margin-left: 0; }
.atelier-figures li { margin: 0.3em 0; }
.atelier-figure-source { color: #444444; font-size: 0.9em; }
/* card game */
.atelier .atelier-row > .atelier-game { flex: 1 1 22em; }
.atelier-card-row { display: flex; align-items: stretch; gap: 0.3em; margin: 0.2em 0;
  width: 100%; }
.atelier .atelier-move { width: 2.2em; min-width: 2.2em; padding: 0; }
.atelier-card { flex: 1 1 auto; min-width: 0; border: 2px solid #000; border-radius: 6px;
  padding: 0.15em 0.5em; }
.atelier-card-detail { font-size: 0.9em; color: #333; }
.atelier-card-value { font-size: 1.1em; }
.atelier-card-ok { font-weight: bold; color: #007A5A; }
.atelier-card-rank { font-weight: bold; color: #A33B00; }
.atelier-score { font-size: 1.2em; font-weight: bold; margin-top: 0.3em; }
/* narrative, tables */
.atelier-narrative { font-size: 1.05em; line-height: 1.4; white-space: normal; }
.atelier-narrative ul { padding-left: 1.2em; margin: 0.1em 0 0.3em 0; }
.atelier-narrative li { margin-bottom: 0.2em; }
.atelier-narrative-sector { font-weight: bold; color: #0072B2; margin-top: 0.3em; }
.atelier-table { border-collapse: collapse; width: 100%; }
.atelier-table th, .atelier-table td { padding: 0.15em 0.4em; border-bottom: 1px solid #CCC;
  text-align: left; vertical-align: top; }
.atelier-table td.num { text-align: right; }
.atelier-table tr.atelier-active td { background: #E8F2FA; }
.atelier-download { font-size: 1.1em; font-weight: bold; }
.atelier-error { font-size: 1.1em; color: #000; padding: 1em; }
.atelier-error li { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em;
  overflow-wrap: anywhere; }
/* the public page */
.atelier-public-nav { display: flex; flex-flow: row wrap; align-items: center; gap: 0.4em 1em; }
.atelier-progress { font-size: 1.05em; }
.atelier-public-text, .atelier-public .atelier-col { max-width: 46em; }
.atelier-public-p { font-size: 1.1em; line-height: 1.45; margin: 0.4em 0; }
.atelier-share-link, .atelier .atelier-share-link:visited { font-size: 1.1em; font-weight: bold;
  overflow-wrap: anywhere; color: #005A8C; text-decoration: underline; }
/* the group's story in prose (Prospective 2050, roadmap) */
.atelier-narrative p { margin: 0.25em 0 0.5em 0; }
.atelier-story-lead { font-weight: normal; }
.atelier-story-tag { font-size: 0.9em; color: #444; }
/* climate screens: awareness game and « Été 2050 » (charts drawn in SVG, texts in HTML) */
.atelier-plot { position: relative; width: 100%; height: 9em; margin: 0.4em 0 1.7em 0; }
.atelier-plot-small { height: 6.5em; }
.atelier-plot-wide { height: 13em; margin-left: 3.4em; width: calc(100% - 3.6em); }
.atelier-svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; overflow: visible; }
.atelier-svg-axis { stroke: #000; stroke-width: 2; }
.atelier-svg-grid { stroke: #CCCCCC; stroke-width: 1; }
.atelier-svg-marker { stroke: #A33B00; stroke-width: 2; stroke-dasharray: 5 4; }
.atelier-tick-x { position: absolute; top: 100%; margin-top: 0.15em; font-size: 0.9em;
  white-space: nowrap; line-height: 1.1; }
.atelier-tick-y { position: absolute; right: 100%; margin-right: 0.3em; transform: translateY(-50%);
  font-size: 0.9em; white-space: nowrap; }
.atelier-marker { position: absolute; transform: translate(-50%, -50%); font-size: 1.2em;
  line-height: 1; color: #000; }
.atelier-swatch-diamond { width: auto; height: auto; }
.atelier-swatch-diamond::before { content: "◆"; color: var(--c); }
.atelier .atelier-accel-grid { display: grid !important; width: 100%; gap: 0.6em 1em;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 15em), 1fr)); }
.atelier .atelier-accel-box { border: 2px solid #000; border-radius: 6px; padding: 0.3em 0.5em;
  min-width: 0; }
.atelier .atelier-accel-box .widget-dropdown { width: 100%; margin-left: 0; margin-right: 0; }
.atelier-accel-head { line-height: 1.25; }
.atelier-accel-letter { display: inline-block; background: #000; color: #fff; font-weight: bold;
  padding: 0 0.45em; border-radius: 3px; }
.atelier-accel-unit { display: block; color: #333; }
.atelier-accel-change { font-weight: bold; font-size: 1.1em; }
.atelier-sources { font-size: 0.9em; color: #333; margin: 0.2em 0; overflow-wrap: anywhere; }
.atelier-pb-grid { display: grid; width: 100%; gap: 0.6em 1em;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 19em), 1fr)); }
.atelier-nowrap { white-space: nowrap; }
.atelier-pb-card { border: 1px solid #888; border-radius: 6px; padding: 0.3em 0.5em; min-width: 0; }
.atelier-pb-head { display: flex; flex-wrap: wrap; gap: 0 0.4em; align-items: center;
  font-size: 1.05em; }
.atelier-pb-dot { width: 0.9em; height: 0.9em; border-radius: 50%; display: inline-block; }
.atelier-pb-status { font-weight: bold; }
.atelier-pb-meaning { margin: 0.1em 0 0.3em 0; }
.atelier-pb-var { font-weight: bold; margin-top: 0.35em; }
.atelier-pb-thresholds { display: block; font-weight: normal; color: #333; }
.atelier-pb-row { display: grid; grid-template-columns: 2.8em 1fr; align-items: center;
  gap: 0 0.4em; margin: 0.1em 0; }
.atelier-pb-value { grid-column: 2; }
.atelier-pb-track { position: relative; height: 1.1em; border: 1px solid #888; }
.atelier-pb-bar { height: 100%; }
/* beyond the scale: an arrow at the end of the full bar, inside the track */
.atelier-pb-more { position: absolute; right: 0.15em; top: 50%; transform: translateY(-50%);
  font-size: 0.9em; line-height: 1; color: #FFF; }
.atelier-pb-unquantified { background: repeating-linear-gradient(45deg, #595959 0 6px,
  #DDDDDD 6px 12px); }
.atelier-pb-note { font-size: 0.9em; color: #333; margin: 0.1em 0; }
.atelier-everyone-row { margin: 0.4em 0 0.7em 0; }
.atelier-everyone-row .atelier-bar-label .atelier-note { font-size: 1em; }  /* not 0.9 × 0.9 em */
.atelier-everyone-track { position: relative; height: 1.6em; background: #EEEEEE; }
.atelier-everyone-base { position: absolute; left: 0; top: 0; bottom: 0; background: #BBBBBB; }
.atelier-everyone-range { position: absolute; top: 0.25em; bottom: 0.25em; opacity: 0.4; }
.atelier-everyone-mark { position: absolute; top: 0; bottom: 0; width: 5px; margin-left: -2px; }
.atelier-everyone-total { font-size: 1.5em; font-weight: bold; }
.atelier-everyone-scale { position: relative; height: 1.4em; margin-top: 0.3em; }
.atelier-everyone-scale .atelier-tick-x { top: 0; margin-top: 0; }
.atelier-summer-ref { border-left: 4px solid #0072B2; padding: 0.2em 0.5em; margin-bottom: 0.4em; }
.atelier-summer-row { border-bottom: 1px solid #DDDDDD; padding: 0.3em 0; }
.atelier-summer-value { font-size: 1.3em; font-weight: bold; }
.atelier-summer-period { font-size: 0.9em; font-weight: normal; color: #333; }
.atelier-badge { display: inline-block; padding: 0 0.3em; border: 1px solid #595959;
  border-radius: 3px; margin-right: 0.2em; }
.atelier-badge-ok { border-color: #007A5A; color: #007A5A; font-weight: bold; }
.atelier-badge-warn { border-color: #A33B00; color: #A33B00; }
.atelier-actions { padding-left: 1.2em; margin: 0.2em 0; }
.atelier-actions li { margin-bottom: 0.35em; }
.atelier-awareness-title { font-size: 1.2em; }
/* the pathway chart (charts.py): SVG lines whose width follows the type, so they stay bold
   on a projector; the unit and the ticks are secondary text (0.9 em) */
.atelier-trajectory-unit { font-size: 0.9em; color: #222; line-height: 1.2; }
.atelier .atelier-trajectory-plot { margin-top: 0.8em; margin-bottom: 0; }
.atelier-trajectory-years { position: relative; height: 1.5em; margin-bottom: 0.4em; }
.atelier-trajectory-years .atelier-tick-x { top: 0; }
.atelier-trajectory-line { stroke-width: 0.25em; }
.atelier-trajectory-nolever { stroke-width: 0.2em; stroke-dasharray: 0 0.4em;
  stroke-linecap: round; }
.atelier-trajectory-trend { stroke-width: 0.12em; }
.atelier-trajectory-target { stroke-width: 0.18em; stroke-dasharray: 0.6em 0.4em; }
/* the foresight chart needs room for its six columns: full width below 1000 px or so */
.atelier .atelier-row > .atelier-prospective-chart { flex: 1 1 34em; }
"""


def _stacked_rows_css(width_em: int) -> str:
    """Stacked columns drawn as rows (label, bar, total) in a chart narrower than
    ``width_em`` (class ``atelier-fit-<width_em>``, see ``fragments.stacked_columns``)."""
    fit = f".atelier-fit-{width_em}"
    return f"""@container (max-width: {width_em}em) {{
  {fit} .atelier-columns {{ display: block; height: auto; border-bottom: 0; margin-top: 1.5em; }}
  {fit} .atelier-col-bar {{ display: grid; grid-template-columns: 6.5em minmax(0, 1fr) 5.5em;
    align-items: center; height: auto; max-width: none; margin: 0.25em 0; position: static; }}
  {fit} .atelier-col-label {{ grid-area: 1 / 1; position: static; padding: 0 0.3em 0 0;
    width: auto; text-align: left; }}
  {fit} .atelier-col-stack {{ grid-area: 1 / 2; flex-direction: row-reverse; height: 1.4em;
    width: var(--size); border-left: 2px solid #000; }}
  {fit} .atelier-seg {{ height: 100%; width: var(--size); }}
  {fit} .atelier-col-total {{ grid-area: 1 / 3; text-align: right; }}
  {fit} .atelier-target {{ top: 0; bottom: 0; right: auto; border-top: 0;
    border-left: 3px dashed #000; left: calc(6.5em + (100% - 12em) * var(--at)); }}
  {fit} .atelier-target span {{ top: -1.35em; right: auto; left: 0; white-space: nowrap;
    transform: translateX(calc(-100% * var(--at))); }}
  {fit} .atelier-columns + .atelier-legend {{ margin-top: 0.5em; }}
}}
"""


#: Widths [em] under which stacked charts become rows (steps of fragments.FIT_STEP_EM).
_FIT_WIDTHS = range(6, 73, 6)

CSS = ("<style>" + _BASE_CSS + "".join(_stacked_rows_css(w) for w in _FIT_WIDTHS)
       + "</style>\n")
