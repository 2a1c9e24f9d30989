"""Can the window start here? Checked before Qt is loaded, so a missing system library or
display is one clear line with the command that fixes it, not Qt's abort.

Without a display Qt aborts with a hint about ``libxcb-cursor0`` whatever is wrong, and
a missing library surfaces as an ImportError traceback or a core dump. Qt-free.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

#: Libraries Qt Gui and Widgets load on every platform, with their Debian/Ubuntu packages.
QT_LIBRARIES = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
}
#: What Qt's X11 (xcb) platform plugin needs on top: libxcb-cursor0 is the one a fresh
#: Debian or Ubuntu lacks most often.
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}
WAYLAND_LIBRARIES = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
}
#: Qt platforms that draw without a display server.
HEADLESS = ("offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay")

Loader = Callable[[str], object]


def apt_line(packages: list[str]) -> str:
    return "sudo apt install " + " ".join(packages)


#: Everything the window needs on a fresh Debian or Ubuntu (the README's "Set up" line).
SETUP_APT_LINE = apt_line(sorted(set(QT_LIBRARIES.values()) | set(XCB_LIBRARIES.values())))


def window_problem(
    environ: dict[str, str] | None = None,
    load: Loader = ctypes.CDLL,
    can_connect: Callable[[str], bool] | None = None,
) -> str | None:
    """Why the window cannot start here, in one line, or None when nothing is known wrong."""
    if not sys.platform.startswith("linux"):
        return None
    env = dict(os.environ if environ is None else environ)
    platform, missing_display = _platform(env)
    if platform is None:
        return (
            f"no display to open the window on ({missing_display}): start it from a desktop "
            "session (over SSH: ssh -X), or use the commands (briefing-reader --help)"
        )
    needed = dict(QT_LIBRARIES)
    if platform == "xcb":
        needed |= XCB_LIBRARIES
    elif platform == "wayland":
        needed |= WAYLAND_LIBRARIES
    missing = [soname for soname in needed if not _loads(soname, load)]
    if missing:
        packages = sorted({needed[soname] for soname in missing})
        fix = (
            f"install them with: {apt_line(packages)}"
            if shutil.which("apt-get")
            else f"install your system's packages for {', '.join(missing)}"
        )
        return f"the window needs system libraries that are missing ({', '.join(missing)}); {fix}"
    if platform == "xcb" and not (can_connect or _x_server_answers)(env["DISPLAY"]):
        return (
            f"cannot connect to the display {env['DISPLAY']!r} (is the X server running, "
            "and may this user use it?); or use the commands (briefing-reader --help)"
        )
    return None


def _platform(env: dict[str, str]) -> tuple[str | None, str]:
    """The Qt platform that will be used (the one asked for, else Wayland or X11 as the
    session offers), or None and what is missing when there is no display."""
    asked = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked in HEADLESS:
        return asked, ""
    wayland, x11 = env.get("WAYLAND_DISPLAY"), env.get("DISPLAY")
    session_wayland = env.get("XDG_SESSION_TYPE") == "wayland" or not x11
    if asked.startswith("wayland") or (not asked and wayland and session_wayland):
        return ("wayland", "") if wayland else (None, "WAYLAND_DISPLAY is not set")
    if asked in ("", "xcb"):
        if x11:
            return "xcb", ""
        return None, "DISPLAY is not set" if asked else "neither DISPLAY nor WAYLAND_DISPLAY is set"
    return asked, ""


def _loads(soname: str, load: Loader) -> bool:
    """The dynamic loader finds ``soname`` (or a bundle ships it beside the app)."""
    try:
        load(soname)
        return True
    except OSError:
        bundled = getattr(sys, "_MEIPASS", None)
        return bundled is not None and (Path(bundled) / soname).exists()


def _x_server_answers(display: str) -> bool:
    """Open and close an X connection the way Qt will (libxcb is known present here)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # reported as a missing library instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)
