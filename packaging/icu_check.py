"""Prove a trimmed ICU data library answers everything Qt asks ICU as the full one does.

Qt Core calls ICU for collation, case mapping, converters and time-zone names. This asks Qt for
each of them across locales and scripts, once with PySide6's own ``libicudata`` and once with
the trimmed one preloaded in its place, and compares the answers.

    python packaging/icu_check.py TRIMMED_LIBICUDATA     exit 1 and the differences if any

Needs PySide6 in the interpreter running it (QtCore only: no display).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cmp_to_key

LOCALES = ("en_US", "de_DE", "sv_SE", "tr_TR", "lt_LT", "el_GR", "es_ES", "da_DK", "zh_CN",
           "ja_JP", "ko_KR", "ar_EG", "fa_IR", "hi_IN", "ru_RU")  # fmt: skip
WORDS = ("zebra", "äpple", "Äpfel", "ångström", "öl", "ch", "cz", "ı", "i", "İ", "ñandú", "nube",
         "中国", "日本", "北京", "ひらがな", "カタカナ", "한국어", "عربي", "हिन्दी", "résumé",
         "resume", "Ωμέγα", "ёлка", "еда", "file10", "file2", "File1")  # fmt: skip
CASED = "istanbul İSTANBUL ı i ß ǆ ΌΣΟΣ straße i̇"
#: Qt encoding names (decoded through ICU) and Python's codec for the same bytes.
ENCODINGS = (("Shift_JIS", "shift_jis"), ("EUC-JP", "euc_jp"), ("ISO-2022-JP", "iso2022_jp"),
             ("GB18030", "gb18030"), ("GBK", "gbk"), ("Big5", "big5"), ("EUC-KR", "euc_kr"),
             ("windows-1251", "cp1251"), ("windows-1252", "cp1252"), ("windows-1256", "cp1256"),
             ("KOI8-R", "koi8_r"), ("ISO-8859-15", "iso8859_15"), ("ISO-8859-7", "iso8859_7"),
             ("IBM437", "cp437"), ("macintosh", "mac_roman"), ("TIS-620", "tis_620"))  # fmt: skip
SAMPLE = "Grüße, Привет, γειά, 東京 日本語 中文 한국어 مرحبا ไทย €"
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "Africa/Cairo",
         "Australia/Adelaide")  # fmt: skip


def answers() -> dict[str, object]:
    """What Qt answers through ICU, as plain data."""
    from PySide6.QtCore import (
        QBuffer,
        QCollator,
        QLocale,
        QStringConverter,
        QStringDecoder,
        QTimeZone,
        QXmlStreamReader,
    )

    result: dict[str, object] = {}
    for name in LOCALES:
        locale = QLocale(name)
        collator = QCollator(locale)
        collator.setNumericMode(True)
        result[f"sort {name}"] = sorted(WORDS, key=cmp_to_key(collator.compare))
        result[f"upper {name}"] = locale.toUpper(CASED)
        result[f"lower {name}"] = locale.toLower(CASED)
        for zone in ZONES:
            tz = QTimeZone(zone.encode())
            result[f"zone {zone} {name}"] = [
                tz.displayName(kind, style, locale)
                for kind in (QTimeZone.TimeType.StandardTime, QTimeZone.TimeType.DaylightTime)
                for style in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName)
            ]
    codecs = QStringConverter.availableCodecs()
    result["codecs"] = sorted(f"{n}={QStringDecoder(n).name()}" for n in codecs)
    for qt_name, python_name in ENCODINGS:
        # QXmlStreamReader decodes a document in its declared encoding with QStringDecoder.
        body = f"<t>{SAMPLE}</t>".encode(python_name, errors="replace")
        buffer = QBuffer()
        buffer.setData(f'<?xml version="1.0" encoding="{qt_name}"?>'.encode() + body)
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        reader = QXmlStreamReader(buffer)
        text = ""
        while not reader.atEnd():  # also true after an error
            if reader.readNext() == QXmlStreamReader.TokenType.Characters:
                text += reader.text()
        result[f"decode {qt_name}"] = [text, reader.errorString()]
    return result


def _run(preload: str | None) -> dict[str, object]:
    env = dict(os.environ)
    if preload:
        env["LD_PRELOAD"] = os.path.abspath(preload)
    out = subprocess.run(
        [sys.executable, __file__, "--answers"], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main(argv: list[str]) -> int:
    if argv == ["--answers"]:
        json.dump(answers(), sys.stdout, ensure_ascii=False)
        return 0
    if len(argv) != 1:
        print("usage: python packaging/icu_check.py TRIMMED_LIBICUDATA", file=sys.stderr)
        return 2
    full, trimmed = _run(None), _run(argv[0])
    differ = sorted(k for k in full if full[k] != trimmed.get(k))
    for key in differ:
        print(f"{key}:\n  full:    {full[key]}\n  trimmed: {trimmed.get(key)}")
    print(f"ICU answers compared: {len(full)}, different: {len(differ)}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
