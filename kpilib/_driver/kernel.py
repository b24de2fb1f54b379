"""The kernel manager used for builds: quiet, and forking warm kernels from a zygote when one runs."""

from __future__ import annotations

import contextlib
import multiprocessing.util
import os
import queue
import signal
import subprocess
import sys
import time
import uuid

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Type

from . import zygote as _zygote

_address: str | None = None  # the zygote kernels are forked from in this process (and its forked workers)


@contextlib.contextmanager
def warm_kernels(cwd: str, wait: bool = True, started: _zygote.Zygote | None = None):
    """Within this block, build kernels are forked from a zygote started here (see zygote.py), or
    `started` by the caller already, once it is ready: at once, or, without `wait`, after
    ready(zygote), so its imports overlap the caller's own work. Yields the zygote, or None if one
    runs already (this block is nested)."""
    global _address
    if _address:
        yield None
        return
    started = started or _zygote.Zygote(cwd)
    try:
        if wait:
            ready(started)
        yield started
    finally:
        _address = None
        started.close()


def ready(zygote: _zygote.Zygote | None) -> None:
    """Wait for `zygote`'s imports; kernels started from then on are forked from it."""
    global _address
    if zygote is None or _address:
        return
    if zygote.wait_ready():
        _address = zygote.address
    else:
        print("warning: the warm kernel process did not start; each paper starts its own kernel", file=sys.stderr)


def forking() -> bool:
    """Whether kernels started now are forked from a zygote."""
    return _address is not None


def keep_warm_kernels(cwd: str) -> None:
    """Start a zygote for the rest of this process's life (a Dask worker between tasks); once only."""
    global _address
    if not _address:
        started = _zygote.Zygote(cwd)
        # Not atexit: a worker process started by fork (as Dask may start them) runs only these at
        # exit; after standby's (priority 10), which shuts down the kernel started ahead first.
        multiprocessing.util.Finalize(None, started.close, exitpriority=5)
        _address = started.address if started.wait_ready() else None


class ForkedKernel:
    """The Popen-like handle of a kernel forked by the zygote; not our child, so it is watched by pid."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        """None while the kernel runs, else 0 (the zygote reaps it, so its status is not ours to read)."""
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Signal the kernel."""
        os.kill(self.pid, signum)

    def kill(self) -> None:
        """End the kernel at once."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """Ask the kernel to end."""
        self.send_signal(signal.SIGTERM)


class WarmProvisioner(LocalProvisioner):
    """Launches the kernel by asking the zygote to fork one, when a zygote runs; else as jupyter_client does.

    The fork leads its own process group, which jupyter_client's shutdown signals (SIGKILL to the
    group), so shutting the kernel down ends it and anything it started."""

    async def launch_kernel(self, cmd, **kwargs):
        """Fork a warm kernel, or launch one the ordinary way."""
        pid = None
        if _address:
            env = kwargs.get("env") or dict(os.environ)
            pid = _zygote.fork_kernel(_address, cmd, env, str(kwargs.get("cwd") or os.getcwd()))
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid
        self.cwd = kwargs.get("cwd")
        return self.connection_info


class ReadyKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the kernel has answered kernel_info on the shell
    channel and IOPub has delivered a message.

    jupyter_client then waits until IOPub has been silent for 0.2 s, to drop the status messages
    of that request: 0.2 s of every paper's build spent idle. Those messages need no dropping, as
    nbclient reads only the IOPub messages answering each cell's own request."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel answers on the shell channel and IOPub is connected."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except queue.Empty:
                reply = None
            if reply and reply["msg_type"] == "kernel_info_reply":
                try:  # a SUB socket misses what was published before it connected: then ask again
                    await self.iopub_channel.get_msg(timeout=0.2)
                except queue.Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


class QuietKernelManager(AsyncKernelManager):
    """Starts the kernel with its process stderr discarded, forked from the zygote when one runs.

    The kernel prints a notice about unencrypted local TCP to its own stderr on every start,
    which buried the build's real messages. Cell output, errors included, still arrives
    through the Jupyter messaging protocol and lands in the executed notebook.

    On Linux the kernel listens on Unix sockets named after a new UUID in the abstract namespace
    (no file to leave behind), not on TCP ports: jupyter_client picks a free port and closes it
    before the kernel binds it, so two builds at once could pick the same one and a kernel die
    at start. Messages are still signed with the key only the connection file (mode 600) holds.
    """

    client_factory = Type(ReadyKernelClient, klass=AsyncKernelClient)

    def __init__(self, **kwargs):
        if sys.platform.startswith("linux") and "transport" not in kwargs and "ip" not in kwargs:
            kwargs.update(transport="ipc", ip=f"@kpi-kernel-{uuid.uuid4().hex}")
        super().__init__(**kwargs)
        self.clients: list[AsyncKernelClient] = []  # so whoever ends the kernel can close their channels

    def client(self, **kwargs) -> AsyncKernelClient:
        """A client of this kernel, remembered in `clients`."""
        client = super().client(**kwargs)
        self.clients.append(client)
        return client

    async def _async_pre_start_kernel(self, **kw):
        kw.setdefault("stderr", subprocess.DEVNULL)
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = WarmProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)
