"""A month's batch built by a pool of workers with warm kernels: the same bytes as one at a time,
a clean kernel for every paper, and one paper's failure leaving the others built."""

from __future__ import annotations

import asyncio
import os
import queue
import shutil
import signal
import tempfile
import time
from pathlib import Path

import nbformat
import papermill
import psutil
import pytest

from kpilib._driver.batch import build_month
from kpilib._driver.build import KERNEL, build_paper
from kpilib._driver.kernel import QuietKernelManager, ReadyKernelClient, warm_kernels
from kpilib._driver.standby import kernels_ahead, paper_kernel
from kpilib._inputs.council import PROJECT_ROOT
from kpilib._inputs.months import Month

from .conftest import PARAMS

pytestmark = pytest.mark.e2e  # builds real papers

MARCH = Month.parse("2024-03")
COPIES = ("demo1", "demo2", "demo3")


def demo_copies(root: Path) -> Path:
    """A params folder holding three copies of the synthetic demo council."""
    for key in COPIES:
        shutil.copytree(PARAMS / "demo", root / key)
    return root


def published(outputs: Path, suffix: str) -> dict[str, bytes]:
    return {key: (outputs / "2024-03" / f"{key}{suffix}").read_bytes() for key in COPIES}


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """The three-council batch built with one worker and with two, and demo1 alone with a cold kernel."""
    params = demo_copies(tmp_path_factory.mktemp("params"))
    built = {}
    for jobs in (1, 2):
        outputs = tmp_path_factory.mktemp(f"jobs{jobs}")
        outcomes = build_month(MARCH, None, params, outputs, jobs=jobs)
        assert [(o.council, o.status) for o in outcomes] == [(key, "built") for key in COPIES]
        built[jobs] = outputs
    cold = tmp_path_factory.mktemp("cold")  # outside a batch: a kernel started the ordinary way
    assert build_paper("demo1", MARCH, params, cold).status == "built"
    return params, built, cold


@pytest.mark.parametrize("suffix", [".html", ".scores.csv", ".pdf"])
def test_two_workers_publish_the_same_bytes_as_one(batches, suffix):
    _, built, _ = batches
    assert published(built[2], suffix) == published(built[1], suffix)


def test_a_warm_kernel_gives_the_same_bytes_as_a_cold_one(batches):
    _, built, cold = batches
    for suffix in (".html", ".scores.csv", ".pdf"):
        assert (cold / "2024-03" / f"demo1{suffix}").read_bytes() == published(built[2], suffix)["demo1"]


@pytest.fixture
def short_temp():
    """An empty temporary folder with a short path: the zygote's socket inside must fit the 107
    bytes a Unix socket's path may have, which a folder under pytest's tmp_path may not leave."""
    folder = Path(tempfile.mkdtemp(prefix="kpi-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def kernel_notebook(path: Path, *cells) -> Path:
    """A notebook of `cells` for our kernel, written to `path`."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": KERNEL, "display_name": KERNEL, "language": "python"}
    notebook.cells = list(cells)
    nbformat.write(notebook, path)
    return path


def printed(notebook: Path, km: QuietKernelManager | None = None, **parameters) -> list[str]:
    """Run `notebook` in kernel `km`, or a new (warm, where one runs) one; the words its last cell printed."""
    executed = papermill.execute_notebook(
        str(notebook),
        str(notebook.with_suffix(".out.ipynb")),
        parameters=parameters,
        kernel_name=KERNEL,
        progress_bar=False,
        kernel_manager_class=QuietKernelManager,
        km=km,
    )
    return executed.cells[-1].outputs[0]["text"].split()


def probe_notebook(path: Path) -> Path:
    """A notebook that prints what it can see of earlier papers, then leaves state of its own behind."""
    return kernel_notebook(
        path,
        nbformat.v4.new_code_cell("secret = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os, kpilib\n"
            "print(os.getpid(), os.getppid(), getattr(kpilib, 'left_behind', None), secret)\n"
            "kpilib.left_behind = secret"
        ),
    )


def run_probe(notebook: Path, km: QuietKernelManager | None = None, **parameters) -> list[int | str]:
    pid, parent, left_behind, secret = printed(notebook, km, **parameters)
    return [int(pid), int(parent), left_behind, secret]


def test_each_paper_gets_a_clean_kernel_forked_from_the_warm_one(tmp_path):
    notebook = probe_notebook(tmp_path / "probe.ipynb")
    with warm_kernels(str(PROJECT_ROOT)) as zygote:
        first = run_probe(notebook, secret="paper-one")
        second = run_probe(notebook)
    assert first[1] == second[1] == zygote.process.pid  # both forked from the warm process
    assert first[0] != second[0]
    assert first[2:] == ["None", "paper-one"]
    assert second[2:] == ["None", "None"]  # neither the module state nor the parameter of paper one


def test_the_next_papers_kernel_is_started_ahead_fresh_and_none_outlives_the_batch(tmp_path, short_temp, monkeypatch):
    runtime = short_temp  # where kernels' connection files and the zygote's folder go
    monkeypatch.setattr(tempfile, "tempdir", str(runtime))
    notebook = probe_notebook(tmp_path / "probe.ipynb")
    with warm_kernels(str(PROJECT_ROOT)) as zygote:
        warm = psutil.Process(zygote.process.pid)
        with kernels_ahead():
            with paper_kernel(KERNEL, str(PROJECT_ROOT)) as kernel:
                first = run_probe(notebook, kernel, secret="paper-one")
            assert gone(first[0])  # killed once its paper had run
            waiting = [child.pid for child in warm.children()]  # started as the first was shut down
            with paper_kernel(KERNEL, str(PROJECT_ROOT)) as kernel:
                second = run_probe(notebook, kernel)
            ahead = [child.pid for child in warm.children()]
        assert all(gone(pid) for pid in ahead)
        left = [child.pid for child in warm.children()]
    assert waiting == [second[0]]  # the second paper ran in the kernel started ahead for it
    assert second[2:] == ["None", "None"]  # which saw nothing of the first paper
    assert len(ahead) == 1 and ahead != waiting and not left  # the third's, shut down with the batch
    assert list(runtime.iterdir()) == []


def test_a_build_kernel_takes_its_channels_on_unix_sockets_of_its_own_not_tcp_ports():
    # jupyter_client picks a TCP port free, closes it, then the kernel binds it: two builds at once
    # could pick the same one. A Unix socket named after a new UUID cannot collide.
    def channels(kernel: QuietKernelManager) -> set[str]:
        process = psutil.Process(kernel.provisioner.pid)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until it has bound all five
            bound = {c.laddr.lstrip("@\x00") for c in process.net_connections(kind="unix") if "kpi-kernel" in c.laddr}
            if len(bound) == 5:
                return bound
            time.sleep(0.05)
        return bound

    with warm_kernels(str(PROJECT_ROOT)), paper_kernel(KERNEL, str(PROJECT_ROOT)) as first:
        with paper_kernel(KERNEL, str(PROJECT_ROOT)) as second:
            bound = [channels(first), channels(second)]
            info = [first.get_connection_info(), second.get_connection_info()]
    for sockets, kernel in zip(bound, info):
        assert kernel["transport"] == "ipc"
        ports = [kernel[f"{name}_port"] for name in ("shell", "iopub", "stdin", "control", "hb")]
        assert sockets == {f"{kernel['ip'].lstrip('@')}-{port}" for port in ports}
    assert not bound[0] & bound[1]


def test_a_forked_kernel_starts_with_what_every_paper_loads(tmp_path):
    notebook = kernel_notebook(
        tmp_path / "loaded.ipynb",
        nbformat.v4.new_code_cell(
            "import gc, sys\n"
            "from kpilib._render.html import environment\n"
            "compiled = {name for _, name in environment().cache.keys()}\n"
            "print('contract_header.html.j2' in compiled, 'jsonschema' in sys.modules,"
            " 'matplotlib.backends.backend_svg' in sys.modules,"
            " gc.get_freeze_count() > 10_000, gc.get_threshold() == (10_000, 20, 20))\n"
            "from kpilib._driver import zygote\n"
            "print(*sorted({m.split('.')[0] for m in set(sys.modules) - zygote.preloaded}))"
        ),
    )
    with warm_kernels(str(PROJECT_ROOT)):
        loaded = printed(notebook)
    # Compiled once in the warm process, not again by each paper (0.4-0.7 s a paper).
    assert loaded[:3] == ["True", "True", "True"]
    # The imports are frozen out of garbage collection and young objects collected less often.
    assert loaded[3:5] == ["True", "True"]
    # What ipykernel imports while a kernel starts (its debugger brings debugpy, 0.15 s of CPU) was
    # imported once, before the fork.
    assert not {"debugpy", "ipykernel", "psutil"} & set(loaded[5:]), loaded[5:]


def gone(pid: int, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


class Channel:
    """A kernel's channel as the client reads it: `messages` in turn (None: nothing arrives within
    the timeout), then, if `endless`, that message for ever, as an IOPub that never falls silent."""

    def __init__(self, *messages, endless=None):
        self.messages, self.endless, self.sent = list(messages), endless, []

    async def get_msg(self, timeout=None):
        await asyncio.sleep(0)  # as a socket's poll does: a client that never stops reading can be timed out
        message = self.messages.pop(0) if self.messages else self.endless
        if message is None:
            raise queue.Empty
        return message

    def send(self, message):
        self.sent.append(message)


INFO_REPLY = {"msg_type": "kernel_info_reply", "content": {"protocol_version": "5.3"}}
STATUS = {"msg_type": "status", "content": {"execution_state": "idle"}}


def ready_client(shell: Channel, iopub: Channel) -> ReadyKernelClient:
    client = ReadyKernelClient()
    client._shell_channel, client._iopub_channel = shell, iopub
    return client


def test_a_kernel_is_ready_once_it_answers_though_its_iopub_never_falls_silent():
    # jupyter_client's own client reads IOPub until it has been silent for 0.2 s: here, never.
    shell = Channel(INFO_REPLY)
    asyncio.run(asyncio.wait_for(ready_client(shell, Channel(endless=STATUS)).wait_for_ready(timeout=5), 5))
    assert [m["header"]["msg_type"] for m in shell.sent] == ["kernel_info_request"]


def test_a_kernel_whose_iopub_missed_the_answer_is_asked_again():
    # An IOPub socket that connected late misses the first request's status messages.
    shell = Channel(INFO_REPLY, INFO_REPLY)
    asyncio.run(ready_client(shell, Channel(None, STATUS)).wait_for_ready(timeout=5))
    assert [m["header"]["msg_type"] for m in shell.sent] == ["kernel_info_request"] * 2


def test_a_finished_paper_leaves_no_kernel_running(tmp_path):
    notebook = probe_notebook(tmp_path / "probe.ipynb")
    with warm_kernels(str(PROJECT_ROOT)) as zygote:
        pid = run_probe(notebook)[0]
        assert gone(pid)
    assert zygote.process.poll() is not None  # the warm process ends with its block


def test_a_killed_warm_process_takes_its_kernels_with_it():
    async def kill_the_warm_process_under_a_kernel(zygote) -> tuple[int, bool]:
        manager = QuietKernelManager(kernel_name=KERNEL)
        await manager.start_kernel()
        pid = manager.provisioner.pid
        assert os.getpgid(pid) == pid  # its own process group, which a shutdown signals
        zygote.process.send_signal(signal.SIGKILL)  # as when a build is killed outright
        ended = gone(pid)
        await manager.cleanup_resources()
        return pid, ended

    with warm_kernels(str(PROJECT_ROOT)) as zygote:
        pid, ended = asyncio.run(kill_the_warm_process_under_a_kernel(zygote))
    assert pid != zygote.process.pid
    assert ended


BREAK_DEMO2 = '''
import kpilib

_open = kpilib.open_paper
def open_paper(council, *args):
    if council == "demo2":
        raise RuntimeError("demo2 cannot be opened")
    return _open(council, *args)
kpilib.open_paper = open_paper
'''


def test_a_failing_paper_leaves_the_others_of_the_batch_built(tmp_path, monkeypatch):
    params = demo_copies(tmp_path / "params")
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-break.py").write_text(BREAK_DEMO2)
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # every kernel runs this at start

    outcomes = build_month(MARCH, None, params, tmp_path / "out", jobs=2)

    assert [(o.council, o.status) for o in outcomes] == [("demo1", "built"), ("demo2", "failed"), ("demo3", "built")], [
        o.reason for o in outcomes
    ]
    assert "raised RuntimeError: demo2 cannot be opened" in outcomes[1].reason
    month = tmp_path / "out" / "2024-03"
    assert [p.name for p in sorted(month.glob("*.html"))] == ["demo1.html", "demo3.html"]
    assert (month / "failed" / "demo2.ipynb").is_file()


def test_a_dask_cluster_publishes_the_same_bytes_as_the_local_pool(batches, tmp_path, short_temp, monkeypatch):
    from distributed import LocalCluster

    params, built, _ = batches
    workers_temp = short_temp  # the workers' zygotes' folders and their kernels' connection files
    monkeypatch.setenv("TMPDIR", str(workers_temp))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_kwargs={"dashboard": False}
    ) as cluster:
        outcomes = build_month(MARCH, None, params, tmp_path / "out", scheduler=cluster.scheduler_address)
    assert [(o.council, o.status) for o in outcomes] == [(key, "built") for key in COPIES]
    for suffix in (".html", ".scores.csv", ".pdf"):
        assert published(tmp_path / "out", suffix) == published(built[2], suffix)
    # Each worker's warm process and its kernel started ahead ended with it, leaving nothing behind.
    assert [p.name for p in workers_temp.iterdir() if p.name.startswith("kpi-zygote-") or p.suffix == ".json"] == []
