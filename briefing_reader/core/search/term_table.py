"""A term's entry in a segment's term table, in two reads instead of four or five.

Whoosh 2.7 keeps a segment's terms in an on-disk hash table. Its lookup reads a slot,
then the key's lengths, then the key, then the value: each a seek and a read through
four layers of file objects (the index is opened without mmap), some 20 µs a term. A
search looks each of its words up in every field it searches and in every segment, so
with two or four segments this was a tenth of a plain search. Here the slots are read
a few at a time and the record (lengths, key and value) in one read, and a field the
segment holds no word of (the notes, in most libraries) is not looked up at all. The
entry is the one Whoosh's own lookup gives (a test compares them term for term).
"""

from __future__ import annotations

import hashlib
import struct
from typing import Any

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb import filetables

#: A slot of the hash table: the key's hash and where its record starts (0: empty).
_SLOT = struct.Struct("!Iq")
#: A record starts with the lengths of its key and its value.
_LENGTHS = struct.Struct("!ii")
#: Slots read at once (a key is almost always in its first or second slot).
_SLOTS_AT_ONCE = 4
#: Bytes of a value read with its key (a term's entry is 20 to 40 bytes; longer values,
#: postings inlined in the table, take a second read).
_VALUE_GUESS = 48
_FIELD_NUMBER = struct.Struct("!H")


def term_info(terms: Any, fieldname: str, btext: bytes) -> W3TermInfo | None:
    """The term's entry in the segment's term table (``SegmentReader._terms``), None when
    the segment does not hold it; raises AttributeError, KeyError or struct.error when
    the table is not Whoosh 2.7's."""
    number = terms._fieldmap.get(fieldname)
    if number is None:
        return None  # no document of this segment has a word in the field
    value = _record_value(terms._tindex, _FIELD_NUMBER.pack(number) + btext)
    return None if value is None else W3TermInfo.from_bytes(value)


def _record_value(table: Any, key: bytes) -> bytes | None:
    """Whoosh's ``HashReader.get(key)`` with fewer reads."""
    keyhash = _hash(table, key)
    start, slots = table.tables[keyhash & 255]
    if not slots:
        return None
    dbfile = table.dbfile
    slot = (keyhash >> 8) % slots
    seen = 0
    while seen < slots:
        count = min(_SLOTS_AT_ONCE, slots - slot, slots - seen)
        raw = dbfile.get(start + slot * _SLOT.size, count * _SLOT.size)
        for slothash, itempos in _SLOT.iter_unpack(raw):
            if not itempos:
                return None  # an empty slot ends the probe: the key is not there
            if slothash == keyhash:
                value = _value_at(dbfile, itempos, key)
                if value is not None:
                    return value
        seen += count
        slot = (slot + count) % slots
    return None


def _value_at(dbfile: Any, position: int, key: bytes) -> bytes | None:
    """The value of the record at ``position`` if its key is ``key``."""
    head = dbfile.get(position, _LENGTHS.size + len(key) + _VALUE_GUESS)
    keylength, valuelength = _LENGTHS.unpack_from(head)
    start = _LENGTHS.size + keylength
    if keylength != len(key) or head[_LENGTHS.size : start] != key:
        return None
    value = bytes(head[start : start + valuelength])
    if len(value) < valuelength:
        value = bytes(dbfile.get(position + start, valuelength))
    return value


def _hash(table: Any, key: bytes) -> int:
    """The table's hash of ``key``: for MD5 (Whoosh's default) the last four bytes of the
    digest, which is what Whoosh's ``int(hexdigest, 16) & 0xFFFFFFFF`` computes."""
    if table.hashfn is filetables.md5_hash:
        return int.from_bytes(hashlib.md5(key, usedforsecurity=False).digest()[-4:], "big")
    return int(table.hashfn(key))
