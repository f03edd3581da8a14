"""Headless widget tests: ipywidgets fall back to a DummyComm outside a kernel."""

from __future__ import annotations

import re

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def model():
    from simulation.model import load_model

    return load_model()


@pytest.fixture
def app(model):
    from simulation.ui.app import AtelierApp

    return AtelierApp(model=model)


@pytest.fixture(scope="session")
def calc(model):
    """One calculator for the session (its caches only hold results of the same model)."""
    from simulation.ui.viewmodel import Calculator

    return Calculator(model)


def new_session(model):
    """A session wired to the model's pathway codes, as :class:`AtelierApp` builds it."""
    from simulation.pathway import decode_pathway, encode_pathway
    from simulation.ui.state import Session

    return Session(lever_ids=model.lever_ids, territories=tuple(model.territories),
                   encode=lambda territory, levels: encode_pathway(model, territory, levels),
                   decode=lambda code: decode_pathway(model, code))


@pytest.fixture
def session(model):
    return new_session(model)


def total_text(app) -> str:
    """The big 2050 number as displayed (inside its HTML), unescaped."""
    import html

    from simulation.ui.app import TAB_LEVERS

    assert app.is_built(TAB_LEVERS), "the levers tab was never shown"
    big = app.tabs_content[TAB_LEVERS].big.value
    match = re.search(r'data-testid="total-2050">((?:[^<]|<wbr>)*)<', big)
    assert match, big
    return html.unescape(match.group(1).replace("<wbr>", ""))  # a line-break opportunity


# ---------------------------------------------------------------------------------------
# Reading the HTML fragments the components show (as a browser would: text unescaped)
# ---------------------------------------------------------------------------------------
VOID = {"br", "img", "input", "meta", "hr", "link", "source", "wbr", "col", "area", "base"}


class Node:
    """An element of a parsed fragment: tag, attributes, children (nodes and strings)."""

    def __init__(self, tag: str, attrs: dict) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def style(self) -> dict[str, str]:
        pairs = (p.split(":", 1) for p in (self.attrs.get("style") or "").split(";") if ":" in p)
        return {k.strip(): v.strip() for k, v in pairs}

    def text(self, skip: str = "") -> str:
        """The text inside, without the children having class ``skip``."""
        return "".join(c if isinstance(c, str) else
                       ("" if skip and skip in c.classes else c.text(skip))
                       for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, css: str = "", tag: str = "") -> list[Node]:
        return [n for n in self.iter()
                if (not css or css in n.classes) and (not tag or n.tag == tag)]

    def find(self, css: str = "", tag: str = "") -> Node:
        found = self.find_all(css, tag)
        assert found, f"no .{css} {tag} in the fragment"
        return found[0]


def parse_html(fragment: str) -> Node:
    """Parse an HTML fragment into :class:`Node` objects (character references decoded)."""
    from html.parser import HTMLParser

    root = Node("root", {})
    stack = [root]

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            node = Node(tag, dict(attrs))
            stack[-1].children.append(node)
            if tag not in VOID:
                stack.append(node)

        def handle_endtag(self, tag):
            for i in range(len(stack) - 1, 0, -1):
                if stack[i].tag == tag:
                    del stack[i:]
                    break

        def handle_data(self, data):
            stack[-1].children.append(data)

    parser = Parser(convert_charrefs=True)
    parser.feed(fragment)
    parser.close()
    return root


def bar_rows(fragment: str) -> list[dict]:
    """The rows of an HTML bar chart: label, value text, width and offset [%], colour."""
    rows = []
    for row in parse_html(fragment).find_all("atelier-bar-row"):
        label = row.find("atelier-bar-label")
        values = label.find_all("atelier-bar-value")
        bar = row.find("atelier-bar").style
        rows.append({"label": label.text(skip="atelier-bar-value"),
                     "value": values[0].text() if values else "",
                     "width": float(bar["width"].rstrip("%")),
                     "offset": float(bar.get("margin-left", "0%").rstrip("%")),
                     "colour": bar.get("background", "")})
    return rows


def columns(fragment: str) -> list[dict]:
    """The columns of a stacked chart: label, total text, segments (series, colour, %)."""
    out = []
    for col in parse_html(fragment).find_all("atelier-col-bar"):
        segs = [(s.attrs.get("title", ""), s.style["background"],
                 float(s.style["--size"].rstrip("%"))) for s in col.find_all("atelier-seg")]
        stack = col.find("atelier-col-stack")
        out.append({"label": col.find("atelier-col-label").text(),
                    "total": col.find("atelier-col-total").text(), "segments": segs,
                    "height": float(stack.style["--size"].rstrip("%"))})
    return out


def _points(node) -> list[tuple[float, float]]:
    return [tuple(float(v) for v in p.split(",")) for p in node.attrs["points"].split()]


def trajectory(fragment: str) -> dict:
    """The pathway chart (``charts.trajectory_html``) as read from its HTML: title, unit,
    ticks (label, position [%]) and the drawn lines' points [% of the plot, y down]."""
    chart = parse_html(fragment).find(tag="div")
    assert chart.attrs.get("data-testid") == "trajectory", chart.attrs
    svg = chart.find(tag="svg")
    lines = {css: [_points(n) for n in svg.find_all(css)] for css in (
        "atelier-trajectory-line", "atelier-trajectory-nolever", "atelier-trajectory-trend",
        "atelier-trajectory-band")}
    target = svg.find("atelier-trajectory-target")
    return {
        "title": chart.find(tag="h3").text(),
        "unit": chart.find("atelier-trajectory-unit").text(),
        # left: calc((100% - <room>em) * <fraction>), the room being right of the plot
        "x_ticks": [(n.text(), round(100 * float(n.style["left"].rsplit("*", 1)[1].rstrip(")")),
                                     2))
                    for n in chart.find_all("atelier-tick-x")],
        "y_ticks": [(n.text(), float(n.style["top"].rstrip("%")))
                    for n in chart.find_all("atelier-tick-y")],
        "line": lines["atelier-trajectory-line"],
        "band": lines["atelier-trajectory-band"],
        "no_lever": lines["atelier-trajectory-nolever"],
        "trend": lines["atelier-trajectory-trend"],
        "target": (float(target.attrs["y1"]), float(target.attrs["y2"])),
        "band_fill": svg.find("atelier-trajectory-band").attrs,
    }


def assert_shows_view(app) -> None:
    """The header and the visible tab show exactly what the view-model says."""
    from simulation.ui import viewmodel as vm
    from simulation.ui.app import TAB_LEVERS, TAB_PROSPECTIVE, TAB_SOURCES, TAB_TEAMS
    from simulation.ui.components.fragments import display_text

    s, lang, calc = app.session, app.lang, app.calc
    hv = vm.header_view(s, lang, app.status_text)
    h = app.header
    assert [label for label, _v in h.teams.options] == list(hv.teams)
    assert h.teams.value == hv.active
    assert h.add_team.disabled == (not hv.can_add_team)
    assert h.undo.disabled == (not hv.can_undo)
    assert (h.add_team.description, h.undo.description, h.lang.description) == (
        hv.add_team_label, hv.undo_label, hv.lang_label)
    assert parse_html(h.code.value).find("atelier-code").text() == hv.code
    assert parse_html(h.status.value).text() == hv.status
    index = app.tabs.selected_index
    content = app.tabs_content[index]
    if index == TAB_SOURCES:
        sources, game = content
        sv = vm.sources_view(calc, s, lang, app.sector[TAB_SOURCES])
        assert sources.territory.value == sv.territory
        assert sources.sector.value == sv.sector
        assert parse_html(sources.national.value).text() == sv.national_note
        for widget, bars in ((sources.footprint, sv.footprint), (sources.items, sv.items)):
            rows = bar_rows(widget.value)
            assert [(r["label"], r["value"], r["colour"]) for r in rows] == [
                (b.label, b.text, b.colour) for b in bars]
        shown = [row for *_b, row in game.rows if row.layout.display != "none"]
        assert len(shown) == len(app.cards.cards)
        titles = [parse_html(text.value).find_all(tag="b")[1].text()
                  for _u, _d, text, row in game.rows if row.layout.display != "none"]
        order = app.cards.right_order() if app.cards.revealed else app.cards.cards
        assert titles == [c.title_en if lang == "en" else c.title_fr for c in order]
        assert game.reveal.disabled == (app.cards.revealed or not app.cards.cards)
    elif index == TAB_LEVERS:
        lv = vm.levers_view(calc, s, lang, app.sector[TAB_LEVERS])
        levels = s.levels()
        for lever_id, (title, buttons, label) in content.lever_widgets.items():
            row = next(r for r in lv.rows if r.id == lever_id)
            assert buttons.value == levels[lever_id] == row.level
            assert parse_html(title.value).text() == row.title
            assert parse_html(label.value).text() == display_text(row.level_label)
        assert content.sector.value == lv.sector
        big = parse_html(content.big.value)
        assert big.find("big").text() == lv.big.total
        assert trajectory(content.trajectory.figure.value)["title"] == lv.trajectory.title
        assert big.find("pct").text() == lv.big.change
        rows = bar_rows(content.waterfall.value)
        wf = lv.waterfall
        assert [r["label"] for r in rows] == [wf.start_label, *wf.labels, wf.end_label]
        assert [r["value"] for r in rows] == [wf.start_text, *wf.step_texts, wf.end_text]
    elif index == TAB_PROSPECTIVE:
        pv = vm.prospective_view(calc, s, lang)
        cols = columns(content.chart.value)
        assert [c["label"] for c in cols] == list(pv.chart.labels)
        assert [c["total"] for c in cols] == list(pv.chart.total_texts)
        assert content.narrative.value == pv.narrative
    elif index == TAB_TEAMS:
        tv = vm.teams_view(calc, s, lang)
        table = parse_html(content.table.value)
        cells = [[td.text() for td in tr.find_all(tag="td")] for tr in table.find_all(tag="tr")]
        assert cells[1:] == [[r.name, r.total, str(r.n_levers), r.code] for r in tv.rows]
        assert [v for _label, v in content.rounds.options] == [c.value for c in tv.rounds]
        assert [c["label"] for c in columns(content.chart.value)] == list(tv.chart.labels)
