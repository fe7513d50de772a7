"""Where a model came from: the code version and the command that trained it.

Stored with every checkpoint and model so a served prediction can be traced to its training run.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

__version__ = "0.1.0"
_ROOT = Path(__file__).resolve().parent.parent


def code_version() -> str:
    """`<package version>+<git commit>[-dirty]`, or just the package version outside a checkout."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(_ROOT), "describe", "--always", "--dirty", "--abbrev=10"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
        return f"{__version__}+{commit}" if commit else __version__
    except (OSError, subprocess.SubprocessError):
        return __version__


def command_line() -> str:
    """The command as a user would retype it (`python -m training.x ...`)."""
    argv = list(sys.argv)
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name and not spec.name.endswith("__main__"):
        argv[0:1] = ["python", "-m", spec.name]
    else:
        argv[0:1] = ["python", argv[0]]
    return shlex.join(argv)
