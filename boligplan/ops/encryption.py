"""Encrypted backup files: Fernet in chunks, so a backup of any size is never held in memory whole.

The key comes from the environment, never from the database or the settings files:
BACKUP_ENCRYPTION_KEY holds one Fernet key, or several separated by commas (newest first: the
first encrypts, any of them decrypts, so keys can be rotated without losing old backups).

File layout: MAGIC, then frames of <4-byte big-endian length><Fernet token>. The plaintext of each
token starts with an 8-byte chunk number and a 1-byte "last chunk" flag, so a file whose chunks
were dropped, reordered or cut off is refused on decryption, not restored half.
"""

import os
import struct
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_ENV = "BACKUP_ENCRYPTION_KEY"
MAGIC = b"BOLIGPLAN-BACKUP-FERNET-1\n"
CHUNK_SIZE = 1 << 20
_FRAME_LENGTH = struct.Struct(">I")
_CHUNK_HEADER = struct.Struct(">QB")
# A Fernet token of CHUNK_SIZE bytes is about 4/3 of it; anything much larger is damage.
_MAX_FRAME = 2 * CHUNK_SIZE


class BackupKeyError(Exception):
    """The key is missing, malformed or does not open this backup."""


class BackupDamagedError(Exception):
    """The backup file is incomplete or has been altered."""


def keys_from_environment() -> MultiFernet | None:
    """The backup keys from BACKUP_ENCRYPTION_KEY, or None when no key is set."""
    raw = [key.strip() for key in os.environ.get(KEY_ENV, "").split(",") if key.strip()]
    if not raw:
        return None
    try:
        return MultiFernet([Fernet(key) for key in raw])
    except (ValueError, TypeError) as exc:
        # Never repeat the key itself in the message.
        raise BackupKeyError(f"{KEY_ENV} must hold Fernet keys (url-safe base64, 32 bytes).") from exc


def is_encrypted(path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


class EncryptingWriter:
    """A write-only file object that encrypts into `target` chunk by chunk. Call close() to finish."""

    def __init__(self, target: BinaryIO, fernet: MultiFernet):
        self._target = target
        self._fernet = fernet
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        target.write(MAGIC)

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("write to a closed EncryptingWriter")
        self._buffer += data
        while len(self._buffer) > CHUNK_SIZE:
            self._emit(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        token = self._fernet.encrypt(_CHUNK_HEADER.pack(self._index, int(last)) + chunk)
        self._target.write(_FRAME_LENGTH.pack(len(token)) + token)
        self._index += 1


def encrypt_file(source: BinaryIO, target: BinaryIO, fernet: MultiFernet) -> None:
    writer = EncryptingWriter(target, fernet)
    while chunk := source.read(CHUNK_SIZE):
        writer.write(chunk)
    writer.close()


def decrypt_file(source: BinaryIO, target: BinaryIO, fernet: MultiFernet) -> None:
    """Decrypt a whole backup from `source` into `target`; raise before the end if anything is off."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupDamagedError("not an encrypted Boligplan backup")
    expected = 0
    while True:
        header = source.read(_FRAME_LENGTH.size)
        if len(header) < _FRAME_LENGTH.size:
            raise BackupDamagedError("the backup ends before its last chunk (cut off)")
        (length,) = _FRAME_LENGTH.unpack(header)
        if length > _MAX_FRAME:
            raise BackupDamagedError("a chunk of the backup has an impossible length")
        token = source.read(length)
        if len(token) < length:
            raise BackupDamagedError("the backup ends in the middle of a chunk (cut off)")
        try:
            plain = fernet.decrypt(token)
        except InvalidToken as exc:
            if expected == 0:
                raise BackupKeyError("the key does not open this backup (or its first chunk is damaged)") from exc
            raise BackupDamagedError(f"chunk {expected} of the backup is damaged or was altered") from exc
        index, last = _CHUNK_HEADER.unpack_from(plain)
        if index != expected:
            raise BackupDamagedError(f"chunk {expected} of the backup is missing or out of order")
        target.write(plain[_CHUNK_HEADER.size :])
        expected += 1
        if last:
            if source.read(1):
                raise BackupDamagedError("the backup has data after its last chunk")
            return
