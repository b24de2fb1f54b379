"""The build's two workarounds of its libraries, each tested against the installed library, so that an
upgrade that changes what a workaround relies on fails here rather than silently undoing it:
rfc3987_syntax blocked (1.7 s a build), and the kernel's own stderr discarded."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest
from jupyter_client.manager import AsyncKernelManager

from kpilib._driver.build import KERNEL
from kpilib._driver.kernel import QuietKernelManager
from kpilib._inputs.council import PROJECT_ROOT


def python(code: str, *args: str) -> dict:
    """Run `code` in a fresh interpreter (a test process has imported too much already); its JSON output."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout)


def test_without_the_block_jsonschema_loads_rfc3987_syntax_for_its_iri_check():
    """The block is no dead code: the installed jsonschema imports rfc3987_syntax, for 'iri' alone."""
    found = python(
        "import json, sys, jsonschema\n"
        "print(json.dumps({'loaded': sys.modules.get('rfc3987_syntax') is not None,"
        " 'iri': 'iri' in jsonschema.FormatChecker().checkers}))"
    )
    assert found == {"loaded": True, "iri": True}


BLOCKED = """
import json, os, sys
import kpilib._driver.build  # first, as the command line imports it before any notebook library
import jsonschema, nbformat, papermill

def check(notebook):
    try:
        nbformat.validate(notebook)
        return "valid"
    except nbformat.ValidationError as exc:
        return exc.message

found = {"iri": "iri" in jsonschema.FormatChecker().checkers}
try:
    import rfc3987_syntax
    found["import"] = "imported"
except ImportError as exc:
    found["import"] = f"{type(exc).__name__}: {exc}"
broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
del broken.cells[0]["source"]
for validator in ("fastjsonschema", "jsonschema"):  # nbformat's default, and the one the block concerns
    os.environ["NBFORMAT_VALIDATOR"] = validator
    found[validator] = {
        name: check(nbformat.read(f"notebooks/{name}.ipynb", 4)) for name in ("vital_signs", "contract")
    } | {"broken": check(broken)}
prepared = papermill.execute_notebook(
    "notebooks/vital_signs.ipynb", sys.argv[1], parameters={"council": "norfolk", "month": "2019-02"},
    prepare_only=True, kernel_name="kpilib", progress_bar=False,
)
found["injected"] = [c.source for c in prepared.cells if "injected-parameters" in c.metadata.get("tags", [])]
found["prepared"] = check(nbformat.read(sys.argv[1], 4))
found["declared"] = list(papermill.inspect_notebook("notebooks/vital_signs.ipynb"))
print(json.dumps(found))
"""


def test_importing_the_build_module_blocks_rfc3987_syntax_and_notebooks_still_validate(tmp_path):
    assert python(BLOCKED, str(tmp_path / "prepared.ipynb")) == {
        "import": "ModuleNotFoundError: import of rfc3987_syntax halted; None in sys.modules",
        "iri": False,  # the one check given up: no notebook schema has an 'iri' string
        "fastjsonschema": {"vital_signs": "valid", "contract": "valid", "broken": "'source' is a required property"},
        "jsonschema": {"vital_signs": "valid", "contract": "valid", "broken": "'source' is a required property"},
        "injected": ['# Parameters\ncouncil = "norfolk"\nmonth = "2019-02"\n'],
        "prepared": "valid",
        "declared": ["council", "month", "params_root"],
    }


class _Launched(Exception):
    """Stops a kernel start at the point the process would be launched."""


@pytest.mark.parametrize(
    "manager, stderr", [(AsyncKernelManager, None), (QuietKernelManager, subprocess.DEVNULL)], ids=["plain", "quiet"]
)
def test_jupyter_client_launches_the_kernel_with_the_stderr_the_manager_chose(tmp_path, manager, stderr):
    """start_kernel really calls the overridden _async_pre_start_kernel: were it renamed upstream, the
    override would never run and the kernel would inherit the build's stderr, as the plain manager's does."""
    launched = {}

    async def launch(kernel_cmd, **kw):
        launched.update(kw)
        raise _Launched

    km = manager(kernel_name=KERNEL, connection_file=str(tmp_path / "kernel.json"))
    km._async_launch_kernel = launch
    with pytest.raises(_Launched):
        asyncio.run(km.start_kernel())
    assert launched.get("stderr") is stderr


MARKER = "written to the kernel's stderr"


async def _write_to_kernel_stderr(manager) -> list[tuple[str, str]]:
    """Start a kernel with `manager`, have it write MARKER to file descriptor 2, and return the
    stream messages it sent back to the client (the way cell output reaches a notebook)."""
    km = manager(kernel_name=KERNEL)
    # ipykernel leaves file descriptor 2 alone when it sees it runs under pytest; a build's kernel never does.
    await km.start_kernel(env={k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"})
    client = km.client()
    client.start_channels()
    streams = []

    def keep(message):
        if message["msg_type"] == "stream":
            streams.append((message["content"]["name"], message["content"]["text"]))

    try:
        await client.wait_for_ready(timeout=60)
        # ipykernel reads file descriptor 2 in a thread: give it time, then flush what it read to the client.
        code = f"import os, sys, time; os.write(2, b{MARKER + chr(10)!r}); time.sleep(0.5); sys.stderr.flush()"
        reply = await client.execute_interactive(code, timeout=60, output_hook=keep)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        await km.shutdown_kernel()
    return streams


@pytest.mark.e2e
@pytest.mark.parametrize("manager, echoed", [(AsyncKernelManager, 1), (QuietKernelManager, 0)], ids=["plain", "quiet"])
def test_what_a_kernel_writes_to_its_own_stderr_never_reaches_the_builds(capfd, manager, echoed):
    """ipykernel sends what is written to file descriptor 2 to the notebook and echoes it to the
    kernel process's stderr: the build's stderr for a plain manager, nowhere for the quiet one."""
    capfd.readouterr()
    streams = asyncio.run(_write_to_kernel_stderr(manager))
    assert streams == [("stderr", MARKER + "\n")]  # the notebook still gets it, as build warnings need
    assert capfd.readouterr().err.count(MARKER) == echoed
