"""Qt's own Chinese: the standard dialogs (file, print, message boxes, colour …) in Simplified Chinese.

Qt ships its translations with PySide6 (``Qt/translations/qtbase_zh_CN.qm``); without them the
file dialog says "Look in:" and "Cancel" in an otherwise Chinese program.  The interface is
Simplified Chinese on every system, so the catalogue is loaded whatever the system's language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

#: Qt's catalogues: qtbase covers QtCore, QtGui, QtWidgets and QtPrintSupport.
CATALOGUES: tuple[str, ...] = ("qtbase",)
CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedChineseScript, QLocale.Country.China)


#: Strings Qt 6 asks for that its zh_CN catalogue lacks (it has "Look in:", Qt now asks "&Look in:").
SUPPLEMENT: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class SupplementTranslator(QTranslator):
    """The few strings of :data:`SUPPLEMENT`; anything else falls through to Qt's catalogue."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None is Qt's null string, "not mine: ask the next catalogue"; "" would be an empty translation
        return SUPPLEMENT.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


def translations_dirs() -> list[Path]:
    """Where Qt's ``.qm`` files may be: Qt's own answer first, then next to the PySide6 package."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:
        import PySide6

        dirs.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    except (ImportError, TypeError):  # a frozen build without the package's file
        pass
    return [d for i, d in enumerate(dirs) if d.is_dir() and d not in dirs[:i]]


def install_qt_translations(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's zh_CN catalogues into ``app``; returns the translators installed.

    Missing files are not an error: the dialogs then stay in English, nothing else changes.
    """
    installed: list[QTranslator] = []
    supplement = SupplementTranslator(app)
    app.installTranslator(supplement)  # installed first: searched last, after Qt's own catalogue
    installed.append(supplement)
    for name in CATALOGUES:
        for folder in translations_dirs():
            translator = QTranslator(app)
            if translator.load(CHINESE, name, "_", str(folder)):
                app.installTranslator(translator)
                installed.append(translator)
                break
    return installed
