"""JupyterLab in a real browser: learner notebooks run through the UI without an error, a dead widget
or a browser-console error, and reopen with their widgets intact (``make test-ui``).

JupyterLab 4 is started on a copy of the notebooks (so saving them changes nothing in the repository),
with the course's settings (widget state saved) and no windowing (every cell is in the page);
headless Chromium, driven by Playwright, opens each notebook, runs all cells from the Run menu, waits
for the kernel, saves, reloads and looks again. Screenshots go to ``results/ui/``.

Skipped unless ``COURSE_TEST_UI=1`` (``make test-ui`` sets it, after installing Playwright; CI installs
Debian's Chromium first): a plain ``make test`` must not need a browser.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from utils.learner import NOTEBOOKS_DIR
from utils.settings import REPO_ROOT, results_dir

pytestmark = [
    pytest.mark.ui,
    pytest.mark.skipif(
        os.environ.get("COURSE_TEST_UI") != "1", reason="a browser test: run `make test-ui`"
    ),
]

UI_NOTEBOOKS = ["00b_base_model.ipynb", "01b_vector_database.ipynb"]  # progress bars, the explorer
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
# Chromium on a machine without a network: no background connections, no sandbox as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
LAB_SETTINGS = {  # JupyterLab's settings for the test, as a learner would have them with `make lab`
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": True},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
}  # fmt: skip
WIDGET_AS_TEXT = re.compile(r"^(HBox|VBox|FloatProgress|IntProgress|HTML|Output|interactive)\(")
RUN_S = 900  # one notebook, run through the UI in the quick profile (measured: about a minute)


CALCULATOR = "cost_calculator.ipynb"  # notebook 5's panel over fixed usages: the widget, alone


def _calculator_notebook():
    """A notebook that shows notebook 5's cost calculator (:func:`utils.cost.cost_panel`) over two
    made-up systems: what is tested is the widget, not the numbers."""
    source = """from utils.cost import Usage, Work, cost_panel

usages = [
    Usage("rag", 300, 12, 0.5, setup=Work(embedding_tokens=2e5, seconds=5),
          update=Work(embedding_tokens=2e4, seconds=1)),
    Usage("ft", 60, 12, 0.3, setup=Work(training_tokens=1e6, seconds=300),
          update=Work(training_tokens=3e5, seconds=100), tuned=True),
]
cost_panel(usages, mode="api")"""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the learner notebooks: ``(base URL, token, its folder)``."""
    root = tmp_path_factory.mktemp("lab")
    for name in UI_NOTEBOOKS:
        shutil.copy(NOTEBOOKS_DIR / name, root / name)
    nbformat.write(_calculator_notebook(), root / CALCULATOR)
    settings = tmp_path_factory.mktemp("lab-settings")
    for name, values in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path_factory.mktemp("lab-workspaces")),
           "COURSE_RESULTS_DIR": str(tmp_path_factory.mktemp("lab-results"))}  # fmt: skip
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True"]  # fmt: skip
    log = (root.parent / "lab.log").open("w")
    server = subprocess.Popen(cmd, env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start: see {root.parent / 'lab.log'}")
            time.sleep(0.5)
    yield base, token, root
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: `apt-get install chromium` (or set COURSE_CHROMIUM)."
        )
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(page, lab, name: str):
    """``name`` alone in a workspace of its own, reset: nothing restored from an earlier page."""
    base, token, _ = lab
    workspace = Path(name).stem.replace("_", "-")
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?token={token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    _wait_until_idle(page, 60)


def _wait_until_idle(page, seconds: float):
    """Until no cell is running or queued and the kernel says idle, twice a second apart."""
    page.wait_for_function(
        """() => {
            const busy = [...document.querySelectorAll('.jp-InputPrompt')]
                .some(p => p.textContent.includes('*'));
            const idle = document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]');
            return !busy && idle !== null;
        }""",
        timeout=seconds * 1000,
        polling=1000,
    )


def _counts(message, base: str) -> bool:
    """A console error that counts: any but a resource off this machine that could not load (the
    Colab badge's image, offline)."""
    if message.type != "error":
        return False
    url = (message.location or {}).get("url", "")
    offline = "Failed to load resource" in message.text and url and not url.startswith(base)
    return not offline


def _inked_share(page) -> float:
    """The share of the cost plot's pixels that are not white: a drawn plot has lines and text."""
    return page.evaluate(
        """() => {
            const img = document.querySelector('img.widget-image');
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            const ctx = canvas.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 0; i < px.length; i += 4)
                if (px[i + 3] > 0 && px[i] + px[i + 1] + px[i + 2] < 600) inked++;
            return inked / (px.length / 4);
        }"""
    )


def _dead_widgets(page) -> list[str]:
    """Outputs that show a widget as its Python text or as "Error displaying widget"."""
    texts = page.locator(".jp-OutputArea-output").all_inner_texts()
    return [t[:120] for t in texts
            if "Error displaying widget" in t or WIDGET_AS_TEXT.match(t.strip())]  # fmt: skip


@pytest.mark.parametrize("name", UI_NOTEBOOKS)
def test_a_learner_notebook_runs_all_through_jupyterlab(lab, browser, name):
    shots = results_dir() / "ui"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    console = []
    page.on("console", lambda m: console.append(m.text) if _counts(m, lab[0]) else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    _open(page, lab, name)
    page.locator(".jp-Notebook .jp-Cell").first.click()  # this notebook is the one Run All runs
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator('li[data-command="runmenu:run-all"]').click()
    page.wait_for_timeout(2000)
    _wait_until_idle(page, RUN_S)
    page.screenshot(path=str(shots / f"{Path(name).stem}.png"))
    dead = _dead_widgets(page)
    page.keyboard.press("Control+s")
    page.wait_for_timeout(3000)
    saved = json.loads((lab[2] / name).read_text())
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    errors = [o.get("ename", "") + ": " + o.get("evalue", "")[:200]
              for c in code for o in c.get("outputs", []) if o["output_type"] == "error"]  # fmt: skip
    assert errors == [], f"{name}: error cells: {errors}"
    assert all(c["execution_count"] for c in code), f"{name}: not every cell ran"
    assert dead == [], f"{name}: widgets that did not display: {dead}"
    # reopened (a reload), the saved widgets show again
    page.reload()  # the same workspace: the notebook reopens as a learner would find it
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_timeout(3000)
    page.screenshot(path=str(shots / f"{Path(name).stem}-reopened.png"))
    assert _dead_widgets(page) == [], f"{name}, reopened: widgets that no longer display"
    assert console == [], f"{name}: browser console errors: {console[:5]}"
    page.close()


def _calculator_after_typing(lab, browser, updates_per_month: str):
    """Notebook 5's cost calculator run through the UI, then its "knowledge updates / month"
    slider set by typing into its readout. Returns the page, the plot's share of inked pixels
    before, and the console errors seen."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    console = []
    page.on("console", lambda m: console.append(m.text) if _counts(m, lab[0]) else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    _open(page, lab, CALCULATOR)
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator('li[data-command="runmenu:run-all"]').click()
    page.wait_for_timeout(2000)
    _wait_until_idle(page, 300)
    page.locator("img.widget-image").first.wait_for(timeout=60_000)
    inked_before = _inked_share(page)
    assert page.locator(".widget-slider").count() >= 3 and _dead_widgets(page) == []
    readout = page.locator(".widget-slider", has_text="knowledge updates").locator(
        ".widget-readout"
    )
    readout.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(updates_per_month)
    page.keyboard.press("Enter")
    page.wait_for_timeout(3000)
    assert updates_per_month in readout.inner_text()
    results = results_dir() / "ui"
    results.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(results / "cost_calculator.png"))
    return page, inked_before, console


def test_the_cost_calculator_shows_and_recomputes_when_a_slider_moves(lab, browser):
    page, inked_before, console = _calculator_after_typing(lab, browser, "30")
    assert inked_before > 0.01, "the cost plot is blank"
    # the table follows the slider: the made-up adapter's updates cost 0.9 each, 30 a month
    ft_row = page.locator(".widget-html tr", has_text="ft").first.inner_text()
    assert "27" in ft_row.split(), ft_row
    assert page.locator("img.widget-image").count() == 1  # redrawn in place, not stacked
    assert console == [], f"browser console errors: {console[:5]}"
    page.close()


def test_the_cost_plot_redraws_when_a_slider_moves(lab, browser):
    page, _, _ = _calculator_after_typing(lab, browser, "30")
    assert _inked_share(page) > 0.01, "the redrawn cost plot is blank"
    page.close()
