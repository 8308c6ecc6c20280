"""The WCAG 2.1 AA check of every page the browser tests visit (axe-core, from the project's files).

axe-core is vendored under ``vendor/axe-core`` (MPL-2.0, its licence beside it): nothing is loaded
from the internet. It reaches the pages as a Playwright init script, which runs in every document of
a browser context before the page's own scripts and is not subject to the page's
Content-Security-Policy (``script-src 'self'`` would refuse an injected ``<script>`` tag).

Each document runs axe once its ``load`` event has fired and keeps the promise of the result. Before
the test leaves a page (a click, a key press, a ``goto``, closing the page or its context) the
helper waits for that promise, so every page is checked whatever the machine's speed, and fails the
test at the first page with a violation of the wcag2a, wcag2aa, wcag21a or wcag21aa rules, listing
them with the elements concerned.

Usage: ``watch(monkeypatch)`` in the browser fixture (``komek.registry.tests.test_browser.chromium``
does it); ``check(page)`` checks the current page explicitly.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUNNER = """
(function () {
  if (window.top !== window) { return; }
  var tags = __TAGS__;
  var state = { reported: false };
  state.done = new Promise(function (resolve) {
    window.addEventListener("load", function () {
      window.axe.run(document, {
        runOnly: { type: "tag", values: tags }, resultTypes: ["violations"], preload: false
      }).then(function (results) {
        resolve(results.violations.map(function (v) {
          return {
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); })
          };
        }));
      }, function (error) { resolve([{ id: "axe-error", impact: "", help: String(error), nodes: [] }]); });
    });
  });
  window.__komekAxe = state;
})();
"""

_COLLECT = """async () => {
  const state = window.__komekAxe;
  if (!state || state.reported) { return null; }
  const violations = await state.done;
  state.reported = true;
  return violations;
}"""


@functools.cache
def init_script() -> str:
    return AXE.read_text(encoding="utf-8") + "\n" + _RUNNER.replace("__TAGS__", json.dumps(TAGS))


class AccessibilityViolation(AssertionError):
    pass


def describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"WCAG 2.1 AA violations on {url}:"]
    for v in violations:
        lines.append(f"  - {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"      {node}" for node in v["nodes"])
    return "\n".join(lines)


def check(page: Any) -> None:
    """Wait for the axe run of the page's current document; fail on a violation (once per document)."""
    if page.is_closed() or page.url.startswith(("about:", "data:", "chrome")):
        return
    from playwright.sync_api import Error

    try:
        page.wait_for_load_state("load")
        violations = page.evaluate(_COLLECT)
    except Error as error:  # the document went away meanwhile (a redirect by script, a download)
        if "destroyed" in str(error) or "navigat" in str(error) or "closed" in str(error):
            return
        raise
    if violations:
        raise AccessibilityViolation(describe(page.url, violations))


def _before(method: Callable[..., Any], page_of: Callable[[Any], Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        check(page_of(self))
        return method(self, *args, **kwargs)

    return wrapped


def _closing_context(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        for page in self.pages:
            check(page)
        return method(self, *args, **kwargs)

    return wrapped


def _with_axe(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        made = method(self, *args, **kwargs)
        made.add_init_script(script=init_script())
        return made

    return wrapped


def watch(monkeypatch: Any) -> None:
    """Check every page the browser visits during the test (see the module's docstring)."""
    from playwright.sync_api import Browser, BrowserContext, ElementHandle, Locator, Page

    monkeypatch.setattr(Browser, "new_context", _with_axe(Browser.new_context))

    def own(page: Any) -> Any:
        return page

    for name in ("click", "dblclick", "press", "goto", "go_back", "reload", "close", "check"):
        monkeypatch.setattr(Page, name, _before(getattr(Page, name), own))
    for name in ("click", "dblclick", "press", "check"):
        monkeypatch.setattr(Locator, name, _before(getattr(Locator, name), lambda loc: loc.page))
    for name in ("click", "dblclick", "press", "check"):
        monkeypatch.setattr(
            ElementHandle, name, _before(getattr(ElementHandle, name), lambda el: el.owner_frame().page)
        )
    monkeypatch.setattr(BrowserContext, "close", _closing_context(BrowserContext.close))
