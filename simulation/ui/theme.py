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

MARGIN = {"top": 40, "bottom": 40, "left": 70, "right": 20}

CSS = """
<style>
body, .jp-Notebook, .jp-Cell, .jp-OutputArea-output { padding: 0 !important; margin: 0 !important; }
.jp-Notebook { overflow: hidden; }
.atelier { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 18px; color: #000;
  --jp-widgets-font-size: 18px; --jp-widgets-inline-height: 34px;
  --jp-widgets-inline-label-width: 110px; --jp-ui-font-size1: 18px;
  width: 1270px; padding: 0 4px; margin: 0 auto; }
.atelier .widget-label, .atelier .widget-html, .atelier .widget-html-content,
.atelier .widget-button, .atelier .widget-toggle-button, .atelier .widget-dropdown select,
.atelier .widget-text input, .atelier .widget-select select { font-size: 18px; color: #000; }
.atelier .widget-html-content { line-height: 1.3; }
.atelier .widget-button, .atelier .widget-toggle-button { height: 34px; padding: 0 10px; }
.atelier .jupyter-button.mod-active, .atelier .widget-toggle-button.mod-active {
  background: #0072B2; color: #fff; font-weight: bold; }
.atelier .lm-TabBar-tab, .atelier .p-TabBar-tab { font-size: 20px; flex: 0 1 auto !important;
  max-width: none !important; min-width: 0 !important; min-height: 38px; line-height: 36px;
  padding: 0 16px; color: #000; }
.atelier .lm-TabBar-tab.lm-mod-current, .atelier .p-TabBar-tab.p-mod-current {
  font-weight: bold; border-top: 4px solid #0072B2; }
.atelier .widget-tab-contents, .atelier .jupyter-widget-Collapse-contents { padding: 4px 0 0 0; }
.atelier-header { border-bottom: 2px solid #000; padding-bottom: 4px; }
.atelier-title { font-size: 24px; font-weight: bold; }
.atelier-big { text-align: center; }
.atelier-big .big { font-size: 50px; font-weight: bold; line-height: 1.15;
  white-space: nowrap; }
.atelier-big .place { font-size: 20px; line-height: 1.2; }
.atelier-big .sub { font-size: 22px; }
.atelier-big .pct { font-size: 32px; font-weight: bold; }
.atelier-lever-title { font-size: 18px; font-weight: bold; line-height: 1.15; }
.atelier-lever-level { font-size: 18px; color: #222; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.atelier-lever-level .widget-html-content { white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.atelier .lever-buttons .widget-toggle-button { width: 46px; padding: 0; }
.atelier .atelier-teams .widget-toggle-button { padding: 0 4px; }
.atelier-status { font-size: 18px; color: #A33B00; }
.atelier-code { font-family: "DejaVu Sans Mono", monospace; font-size: 18px; font-weight: bold;
  background: #F2F2F2; padding: 0 6px; }
.atelier-narrative { font-size: 20px; line-height: 1.35; white-space: normal; }
.atelier-narrative-box .widget-html-content { width: 100%; white-space: normal; }
.atelier-narrative ul { padding-left: 22px; margin: 2px 0 6px 0; }
.atelier-narrative-sector { font-weight: bold; color: #0072B2; margin-top: 6px; }
.atelier-header .widget-html-content { white-space: nowrap; }
.atelier-status-box .widget-html-content { overflow: hidden; text-overflow: ellipsis; }
.atelier-teams .widget-toggle-buttons { flex-wrap: nowrap; }
.atelier-card-rank { font-weight: bold; color: #A33B00; }
.atelier-error { font-size: 20px; color: #000; padding: 20px; }
.atelier-error li { font-family: "DejaVu Sans Mono", monospace; font-size: 18px; }
.atelier-card-ok { font-weight: bold; color: #007A5A; }
.atelier-narrative li { margin-bottom: 4px; }
.atelier-card { border: 2px solid #000; border-radius: 6px; padding: 2px 8px; }
.atelier-card-value { font-weight: bold; font-size: 20px; }
.atelier .bqplot .tick text, .atelier .bqplot text.axislabel, .atelier .bqplot .axislabel {
  font-size: 18px !important; fill: #000 !important; }
.atelier .bqplot .mainheading, .atelier .bqplot text.mainheading { font-size: 20px !important; }
.atelier .bqplot .bar_label, .atelier .bqplot text.bar_label { font-size: 18px !important; }
</style>
"""
