"""The kernel manager used for builds."""

from __future__ import annotations

import subprocess

from jupyter_client.manager import AsyncKernelManager


class QuietKernelManager(AsyncKernelManager):
    """Starts the kernel with its process stderr discarded.

    The kernel prints a notice about unencrypted local TCP to its own stderr on every start,
    which buried the build's real messages. Cell output, errors included, still arrives
    through the Jupyter messaging protocol and lands in the executed notebook.
    """

    async def _async_pre_start_kernel(self, **kw):
        kw.setdefault("stderr", subprocess.DEVNULL)
        return await super()._async_pre_start_kernel(**kw)
