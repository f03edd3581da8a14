"""What a page must pass at every screen size, measured in the browser (see test_screens.py).

:data:`AUDIT_JS` runs in the page and returns what a person would reject, as short
readable strings (``selector « text »: problem``):

- ``overflow``: the document, the page's scroll container or any element wider than its
  box (``scrollWidth > clientWidth``), or a visible element sticking out of the viewport
  sideways;
- ``control``: a button, toggle, dropdown or text input that is zero-sized, outside the
  viewport's width, or covered by something else once scrolled to (vertical scroll only);
- ``cut``: text cut with an ellipsis (``text-overflow: ellipsis`` on an element whose text
  does not fit), a dropdown whose chosen option or an empty text field whose placeholder
  is wider than its box, a word broken
  in the middle (not after a hyphen, a slash or a URL separator), a lever label or title
  ending in « … » that is not a text of the catalogue;
- ``overlap``: two column totals or two column labels of a chart drawn over each other.

It also returns every visible text with its font size and whether the stylesheet marks it
as secondary (:data:`simulation.ui.theme.SECONDARY_TEXT`), for the readable-type rule of
:func:`small_text`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from simulation.ui.theme import SECONDARY_TEXT

#: Smallest font sizes [px] a room accepts: (viewport width from which it applies, body
#: text, secondary text). A phone is read at arm's length; a projected screen from the back
#: of a room of 16 people.
READABLE = ((1024, 18.0, 16.0), (0, 14.0, 14.0))


def allowed_ellipses() -> list[str]:
    """Texts of the catalogue that contain « … » on purpose (« … et 3 autres leviers »):
    their fixed parts, split at the ``{placeholders}``."""
    catalogue = tomllib.loads(
        (Path(__file__).resolve().parents[2] / "simulation" / "texts.toml").read_text("utf-8"))
    found = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, str) and "…" in node:
            found.extend(part for part in re.split(r"\{[^}]*\}", node) if "…" in part)

    walk(catalogue)
    return sorted(set(found))


AUDIT_JS = r"""
([secondarySelector, allowedEllipses]) => {
  const root = document.querySelector('.atelier');
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const name = (el) => {
    const cls = (el.className && el.className.baseVal !== undefined ? el.className.baseVal
                 : String(el.className || '')).trim().split(/\s+/).slice(0, 2).join('.');
    const text = (el.innerText || el.textContent || el.value || '').trim().replace(/\s+/g, ' ');
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '') +
           (text ? ' «' + text.slice(0, 40) + '»' : '');
  };
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none' && parseFloat(cs.opacity) > 0;
  };
  // --- overflow
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) {
    problems.push(`overflow: document ${doc.scrollWidth} > ${doc.clientWidth} px`);
  }
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const tag = el.tagName.toLowerCase();
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && tag !== 'select'
        && tag !== 'input' && tag !== 'textarea') {
      problems.push(`overflow: ${name(el)} ${el.scrollWidth} > ${el.clientWidth} px`);
    }
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && (box.right > vw + 1 || box.left < -1)) {
      problems.push(`overflow: ${name(el)} spans ${Math.round(box.left)}–` +
                    `${Math.round(box.right)} px of ${vw}`);
    }
    const cs = getComputedStyle(el);
    if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`cut: ${name(el)} ends in an ellipsis`);
    }
  }
  // --- controls
  const controls = root.querySelectorAll('button, select, input, textarea, [role=button]');
  let nControls = 0;
  for (const el of controls) {
    if (!shown(el)) continue;
    nControls += 1;
    el.scrollIntoView({block: 'center', inline: 'nearest'});
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) {
      problems.push(`control: ${name(el)} has no size`);
      continue;
    }
    if (box.left < -1 || box.right > vw + 1) {
      problems.push(`control: ${name(el)} at ${Math.round(box.left)}–${Math.round(box.right)} ` +
                    `px, outside ${vw} px`);
      continue;
    }
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(el === hit || el.contains(hit) || hit.contains(el))) {
      problems.push(`control: ${name(el)} covered by ${hit ? name(hit) : 'nothing'}`);
    }
    // the chosen option of a dropdown, the placeholder of an empty text field
    const tag = el.tagName.toLowerCase();
    const shownText = tag === 'select' && el.selectedIndex >= 0 && el.size <= 1
      ? el.options[el.selectedIndex].text
      : (tag === 'input' || tag === 'textarea') && !el.value ? el.placeholder : '';
    if (shownText) {
      const cs = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
                   - (tag === 'select' ? 1.2 * parseFloat(cs.fontSize) : 0);  // the arrow
      const wide = ctx.measureText(shownText).width;
      if (wide > room) {
        problems.push(`cut: ${tag} «${shownText}» is ${Math.round(wide)} px wide in ` +
                      `${Math.round(room)} px`);
      }
    }
  }
  document.querySelector('#rendered_cells')?.scrollTo(0, 0);
  window.scrollTo(0, 0);
  // --- ellipses in labels and titles from data
  const labelled = root.querySelectorAll(
    '.atelier-lever-title, .atelier-lever-level, .atelier-h, .atelier-bar-label, ' +
    '.atelier-col-label, .lm-TabBar-tabLabel, .atelier-teams button, .atelier-card b, ' +
    '.atelier-legend-item, .atelier-narrative-sector');
  for (const el of labelled) {
    if (!shown(el)) continue;
    let text = el.innerText || '';
    for (const ok of allowedEllipses) text = text.split(ok).join('');
    if (text.includes('…') || text.includes('...')) {
      problems.push(`cut: ${name(el)} contains « … »`);
    }
  }
  // --- words broken in the middle, font sizes
  const texts = [];
  const breakable = /[-‐‑–—\/?&=_.:@]/;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const value = node.textContent;
    if (!value.trim()) continue;
    const el = node.parentElement;
    if (!shown(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const cs = getComputedStyle(el);
    const svgText = !!el.closest('svg');
    texts.push({text: value.trim().slice(0, 40), size: parseFloat(cs.fontSize),
                secondary: !!el.closest(secondarySelector), svg: svgText});
    if (svgText) continue;
    const re = /\S+/g;
    let m;
    while ((m = re.exec(value)) !== null) {
      if (m[0].length < 2) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (rects.length < 2) continue;
      const lineTops = new Set(rects.map(r => Math.round(r.top)));
      if (lineTops.size < 2) continue;
      // find where the line changes: fine after a hyphen, a slash or a URL separator
      let prevTop = null;
      for (let i = 0; i < m[0].length; i++) {
        range.setStart(node, m.index + i);
        range.setEnd(node, m.index + i + 1);
        const r = [...range.getClientRects()].find(r => r.width > 0);
        if (!r) continue;
        const top = Math.round(r.top);
        if (prevTop !== null && Math.abs(top - prevTop) > 2 && !breakable.test(m[0][i - 1])) {
          problems.push(`cut: «${m[0]}» broken mid-word in ${name(el)}`);
          break;
        }
        prevTop = top;
      }
    }
  }
  // --- chart columns drawn over each other
  for (const chart of root.querySelectorAll('.atelier-columns')) {
    if (!shown(chart)) continue;
    for (const cls of ['.atelier-col-total', '.atelier-col-label']) {
      const boxes = [...chart.querySelectorAll(cls)].filter(shown).map(el => {
        // the text's own extent, not the box (a box may be wider or narrower than its text)
        const range = document.createRange();
        range.selectNodeContents(el);
        return [el, range.getBoundingClientRect()];
      });
      for (let i = 0; i + 1 < boxes.length; i++) {
        const [a, ra] = boxes[i], [b, rb] = boxes[i + 1];
        const apart = ra.right <= rb.left + 1 || rb.right <= ra.left + 1 ||
                      ra.bottom <= rb.top + 1 || rb.bottom <= ra.top + 1;
        if (!apart) problems.push(`overlap: ${name(a)} and ${name(b)}`);
      }
    }
  }
  return {problems, texts, controls: nControls, width: vw};
}
"""


def audit(page) -> dict:
    """Run :data:`AUDIT_JS` in ``page``: ``{"problems", "texts", "controls", "width"}``."""
    return page.evaluate(AUDIT_JS, [", ".join(SECONDARY_TEXT), allowed_ellipses()])


def small_text(result: dict) -> list[str]:
    """Texts below the readable size for the page's width (see :data:`READABLE`)."""
    width = result["width"]
    body, secondary = next((b, s) for w, b, s in READABLE if width >= w)
    small = []
    for item in result["texts"]:
        least = secondary if item["secondary"] or item["svg"] else body
        if item["size"] + 0.05 < least:
            small.append(f"«{item['text']}» {item['size']:.1f} px < {least:g} px")
    return small
