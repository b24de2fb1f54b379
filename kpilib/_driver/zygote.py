"""Warm kernels: a 'zygote' process that has made the heavy imports of a paper's kernel once
(IPython and ipykernel, pandas, matplotlib, kpilib and its paper types) and forks a fresh ipykernel
for each paper.

Starting a kernel the ordinary way pays for a new interpreter and all those imports again, about
1.5 s of CPU a paper; a fork costs milliseconds. Every paper still gets a process of its own, forked
from a state in which no paper has run, so nothing one paper sets can reach the next.

Protocol: the zygote (`serve(SOCKET)`) listens on the Unix socket SOCKET and prints
"ready" once its imports are made. A client sends one JSON line {"argv", "env", "cwd"} (the kernel
command jupyter_client would run) and reads back one line: the forked kernel's pid. The zygote ends
when its stdin closes, that is when the process that started it ends, however it ends; each kernel
is killed when the zygote ends (PR_SET_PDEATHSIG), so a killed build leaves no kernel behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

from . import heap

# What the templates' first cell makes a kernel import, and the kernel itself.
PRELOAD = (
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",  # each kernel imports it while starting (with debugpy): 0.15 s of CPU
    "psutil",
    "matplotlib_inline.backend_inline",
    "pandas",
    "kpilib",
)
LAUNCHER = "ipykernel_launcher"  # the kernel spec's `-m` module; other kernels start the ordinary way
PR_SET_PDEATHSIG = 1
preloaded: frozenset[str] = frozenset()  # in the zygote and its kernels: the modules loaded before the first fork
# Not `-m kpilib._driver.zygote`: importing kpilib imports this module before runpy would run it.
SERVE = "import sys; from kpilib._driver.zygote import serve; serve(sys.argv[1])"


class Zygote:
    """A running zygote started by this process: its socket address, and the means to stop it."""

    def __init__(self, cwd: str):
        self.folder = tempfile.mkdtemp(prefix="kpi-zygote-")
        self.address = os.path.join(self.folder, "socket")
        self.owner = os.getpid()  # forked pool workers inherit this object; only the owner stops it
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE, self.address], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd
        )
        self.ready = False
        self.closed = False

    def wait_ready(self) -> bool:
        """Wait until its imports are made; False if it failed to start (kernels then start the ordinary way)."""
        if not self.ready:
            self.ready = self.process.stdout.readline().strip() == b"ready"
        return self.ready

    def close(self) -> None:
        """Stop the zygote (its kernels too) and remove its socket; again, nothing."""
        if os.getpid() != self.owner or self.closed:
            return
        self.closed = True
        if not self.ready:  # still importing (a batch that found nothing to build): no kernel to spare
            self.process.kill()
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def fork_kernel(address: str, argv: list[str], env: dict[str, str], cwd: str) -> int | None:
    """Ask the zygote at `address` for a kernel running `argv`; its pid, or None if `argv` is not an
    ipykernel the zygote can stand in for."""
    if LAUNCHER not in argv or argv[argv.index(LAUNCHER) - 1] != "-m":
        return None
    request = {"argv": argv[argv.index(LAUNCHER) + 1 :], "env": env, "cwd": cwd}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(address)
        client.sendall(json.dumps(request).encode() + b"\n")
        reply = client.makefile("rb").readline()
    if not reply.strip().isdigit():
        raise OSError(f"the warm kernel process at {address} did not start a kernel")
    return int(reply)


def serve(address: str) -> None:
    """Make the imports, then fork a kernel for each request until stdin closes."""
    # As ipykernel does before any import of matplotlib, so the fork's matplotlib is the kernel's.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # debugpy, imported with ipykernel.debugger, warns on stderr about frozen modules; a forked
    # kernel's stderr is discarded, but ours is the build's.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for name in PRELOAD:
        importlib.import_module(name)
    from .._papers.registry import paper_types

    paper_types()  # imports every paper type's modules
    # What every paper would otherwise load for itself (0.4-0.7 s each): loaded once here, with no
    # council's data, so every kernel forked from here starts from the same state.
    from .._inputs.schema import load_validator
    from .._render.charts import load_fonts
    from .._render.html import compile_templates

    load_validator()
    compile_templates()
    load_fonts()
    global preloaded
    preloaded = frozenset(sys.modules)
    heap.settle()  # every kernel forked from here inherits it
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they end: no zombies
    # Ctrl-C reaches the whole foreground group: the build handles it, and we end when it has gone.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(64)
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([server, 0], [], [])
        if 0 in readable and not os.read(0, 4096):
            return  # our starter has gone
        if server in readable:
            connection, _ = server.accept()
            with connection:
                request = json.loads(connection.makefile("rb").readline())
                pid = os.fork()
                if pid == 0:
                    _become_kernel(request, server, connection)
                connection.sendall(f"{pid}\n".encode())


def _become_kernel(request: dict, server: socket.socket, connection: socket.socket) -> None:
    """In the forked child: become an ipykernel as `python -m ipykernel_launcher ARGS` would; never returns."""
    code = 1
    try:
        zygote = os.getppid()
        server.close()
        connection.close()
        os.setsid()  # its own process group, which jupyter_client signals as a whole
        if sys.platform.startswith("linux"):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != zygote:  # the zygote ended before the line above took effect
            os._exit(1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses must be waitable
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a kernel started afresh
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # as QuietKernelManager: the kernel's own notices are noise
            os.dup2(devnull, fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # ipykernel ends itself when this process is gone; jupyter_client named the driver, not our parent.
        os.environ["JPY_PARENT_PID"] = str(zygote)
        sys.argv = [LAUNCHER, *request["argv"]]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=request["argv"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os._exit(code)  # never run the zygote's exit handlers, nor return into its loop
