"""Keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7): Tab from the top of a page reaches every control of the
app's own (the filters, the page's choices, "Tabel bij deze grafiek", the downloads), in the order
they stand on the screen, and each shows a focus outline of at least 3:1 against what is behind it.

Streamlit's own controls in between (navigation links, a table's toolbar and cells, plotly's mode
bar, the heading links) are passed over, not asserted: docs/accessibility.md names them.
"""

from __future__ import annotations

import pytest

from .test_browser import no_exception_box

pytestmark = pytest.mark.browser

# Mark every control of the app's own that can be seen now with data-own (its number) and return
# where each stands: in the sidebar or not, and its box in the coordinates of its scrolling pane.
MARK = """() => {
  const selectors = ['stSelectbox', 'stButtonGroup', 'stDownloadButton'].map(t => `[data-testid="${t}"]`)
    .concat(['[data-testid="stExpander"] summary']).join(', ');
  const panes = '[data-testid="stSidebarUserContent"], [data-testid="stMainBlockContainer"]';
  const found = [];
  for (const pane of document.querySelectorAll(panes)) {
    for (const control of pane.querySelectorAll(selectors)) {
      if (!control.offsetParent || control.closest('details:not([open]) > :not(summary)')) continue;
      if (!control.dataset.own) control.dataset.own = document.querySelectorAll('[data-own]').length;
      const scroller = control.closest('[data-testid="stMain"], [data-testid="stSidebarContent"]');
      const box = control.getBoundingClientRect(), frame = scroller.getBoundingClientRect();
      found.push({own: +control.dataset.own, sidebar: pane.dataset.testid === 'stSidebarUserContent',
                  name: control.querySelector('[data-testid="stWidgetLabel"]')?.innerText
                        || (control.innerText || '').split('\\n').filter(Boolean).slice(-1)[0],
                  inTable: control.tagName !== 'SUMMARY' && !!control.closest('details'),
                  top: box.top - frame.top + scroller.scrollTop, left: box.left, right: box.right});
    }
  }
  return found;
}"""

# The control that has the focus, and its focus indicator: the outline of the element or of one of
# its ancestors inside the control, with its contrast against the colour behind it.
FOCUSED = """() => {
  const active = document.activeElement, control = active?.closest('[data-own]');
  if (!control) return {own: null, tag: active?.tagName, summary: false};
  const rgba = text => (text.match(/[\\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let outlined = null;
  for (let node = active; node && !outlined; node = node === control ? null : node.parentElement) {
    const style = getComputedStyle(node);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) outlined = node;
  }
  if (!outlined) return {own: +control.dataset.own, contrast: 0, summary: active.tagName === 'SUMMARY'};
  let behind = [255, 255, 255, 1];
  for (let node = outlined.parentElement; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0 && getComputedStyle(node).backgroundColor !== 'rgba(0, 0, 0, 0)') { behind = colour; break; }
  }
  const line = rgba(getComputedStyle(outlined).outlineColor);
  const seen = line.slice(0, 3).map((v, i) => v * line[3] + behind[i] * (1 - line[3]));
  const [high, low] = [luminance(seen), luminance(behind)].sort((a, b) => b - a);
  return {own: +control.dataset.own, contrast: (high + 0.05) / (low + 0.05), summary: active.tagName === 'SUMMARY',
          open: active.tagName === 'SUMMARY' && active.parentElement.open};
}"""
MAX_TABS = 400


def _walk(page) -> tuple[list[dict], list[dict]]:
    """Tab through the page once, opening the first chart's table on the way (Enter), so that
    the downloads inside it are walked too. The controls, and the focus on each, in Tab order."""
    controls = {c["own"]: c for c in page.evaluate(MARK)}
    focus, opened = {}, False
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now["own"] is None or now["own"] in focus:
            continue
        focus[now["own"]] = now
        if now["summary"] and not opened and not now["open"]:
            page.keyboard.press("Enter")  # the summary keeps the focus: the table's controls come next
            page.wait_for_timeout(500)
            opened = True
            controls |= {c["own"]: c for c in page.evaluate(MARK)}
        if len(focus) == len(controls):
            break
    order = [controls[own] | {"focus": focus[own]} for own in focus]
    return list(controls.values()), order


def _in_reading_order(before: dict, after: dict) -> bool:
    """Down the page, or up into the next column to the right (Streamlit reads columns one by one)."""
    return after["top"] >= before["top"] - 2 or after["left"] >= before["right"]


# Contacten has every kind of control: selectboxes and a row of buttons (the sidebar's, and the
# page's own), charts with their tables, a table with downloads, the map.
@pytest.mark.parametrize(("path", "choices"), [("contacten?van=2016-01&tot=2016-12", ["Op de kaart", "Gebieden"])])
def test_the_keyboard_reaches_every_control_in_screen_order_with_a_visible_focus(server, page, path, choices):
    page.set_default_timeout(60_000)
    page.goto(f"{server}/{path}")
    page.get_by_role("heading", level=1).first.wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1_500)
    controls, order = _walk(page)

    assert {c["own"] for c in order} == {c["own"] for c in controls}, \
        [c["name"] for c in controls if c["own"] not in {o["own"] for o in order}]
    kinds = " ".join(c["name"] for c in controls)
    assert all(name in kinds for name in ["Gebied", "Thema", "Kanaal", *choices, "Tabel bij deze grafiek", "Download als CSV"])
    assert any(c["inTable"] for c in order)  # a chart's table was opened and its downloads reached

    sidebar = [c["sidebar"] for c in order]
    assert sidebar == sorted(sidebar, reverse=True)  # the filters first, then the page
    main = [c for c in order if not c["sidebar"]]
    assert all(_in_reading_order(a, b) for a, b in zip(main, main[1:])), [(c["name"], round(c["top"])) for c in main]

    weak = [(c["name"], round(c["focus"]["contrast"], 2)) for c in order if c["focus"]["contrast"] < 3]
    assert weak == []  # WCAG 2.4.7 with 1.4.11's 3:1
    assert no_exception_box(page)
