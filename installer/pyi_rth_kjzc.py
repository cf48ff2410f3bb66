"""PyInstaller runtime hook of 科技政策一点通: runs in the frozen app before main.py.

* Linux: make the bundled CJK font visible to Qt through fontconfig (``fontconfig/fonts.conf`` includes
  the system configuration and adds the bundle's font folder), unless the user set FONTCONFIG_FILE.
* Linux: Chinese input.  The Qt wheels ship input-method plugins for IBus and Compose only; a desktop
  asking for fcitx (统信UOS, 麒麟 and many others use fcitx5) would get no input method at all.  fcitx5
  also speaks the IBus protocol, so the IBus plugin is used instead.
* Tell the search index where the prebuilt, read-only index of the bundled content is
  (``KJZC_PREBUILT_INDEX``), unless already set.

Nothing here writes anywhere: the installation folder may be read-only.
"""

import os
import sys
from pathlib import Path


def _input_method(base: Path) -> None:
    wanted = os.environ.get("QT_IM_MODULE", "")
    if not wanted:
        modifiers = os.environ.get("XMODIFIERS", "")
        wanted = "fcitx" if "fcitx" in modifiers else ""
    if not wanted.startswith("fcitx"):
        return
    plugins = base / "PySide6" / "Qt" / "plugins" / "platforminputcontexts"
    has_fcitx = any("fcitx" in p.name for p in plugins.glob("*")) if plugins.is_dir() else False
    if not has_fcitx and any("ibus" in p.name for p in plugins.glob("*")):
        os.environ["QT_IM_MODULE"] = "ibus"


def _setup() -> None:
    base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent))
    if sys.platform.startswith("linux"):
        fonts_conf = base / "fontconfig" / "fonts.conf"
        if fonts_conf.is_file() and "FONTCONFIG_FILE" not in os.environ:
            os.environ["FONTCONFIG_FILE"] = str(fonts_conf)
        _input_method(base)
    prebuilt = base / "prebuilt_index"
    if prebuilt.is_dir():
        os.environ.setdefault("KJZC_PREBUILT_INDEX", str(prebuilt))


_setup()
