"""jieba's prefix dictionary, built once and kept in a private cache (cold start).

jieba's own cache is a marshal dump of a 500,000-entry dict in the shared temp folder: loading it
is most of the engine's start-up (marshal rebuilds the dict one object at a time), and a file in
a world-writable folder is not something to unmarshal. This keeps the finished prefix dictionary
(jieba's words, the user dictionary and the lexicon's terms already added) as one UTF-8 block of
words and one array of counts: `str.split` and `dict(zip(...))` rebuild it in C, about three times
faster than marshal, and the format carries no code, only text and integers.

The file lives in a folder that is ours and closed to others (0700; a file 0600, not a link, owned
by us): `$LINLI_DATA_DIR/cache`, else `$XDG_CACHE_HOME/linli`, else `~/.cache/linli`. Its name
carries a digest of jieba's version, its dictionary and every added word, so a changed lexicon
builds a new file. Anything wrong with the folder or the file means building in memory, never
an error: the cache only saves time.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import logging
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

import jieba

FORMAT = b"linli-jieba-prefix-1"
_PRIVATE_DIR = 0o700
_log = logging.getLogger(__name__)


def default_cache_dir(data_dir: Path | None = None) -> Path:
    """Where the prefix dictionary is kept unless the caller names a folder: `data_dir` or
    $LINLI_DATA_DIR's `cache` folder, else the user's cache folder."""
    data = data_dir or os.environ.get("LINLI_DATA_DIR")
    if data:
        return Path(data) / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "linli"


def build_tokenizer(
    user: Iterable[tuple[str, int | None]], domain: Iterable[str], cache_dir: Path | None
) -> jieba.Tokenizer:
    """A tokenizer with jieba's dictionary plus the user dictionary (word, frequency or None:
    always added) and the domain words (added when jieba does not know them yet), from the
    private cache when it holds this exact dictionary, else built and (when possible) cached.
    `cache_dir=None`: build in memory and write nothing."""
    # jieba announces every dictionary load on stderr through its module logger; a bot's log
    # should not carry that. This touches jieba's logger only, not its shared tokenizer.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    added = [(word, freq, True) for word, freq in user]
    added += [(word, None, False) for word in domain]
    tokenizer = jieba.Tokenizer()
    folder = _private(cache_dir) if cache_dir is not None else None
    path = folder / f"jieba-{_digest(tokenizer, added)}.dict" if folder else None
    if path is not None:
        loaded = _read(path)
        if loaded is not None:
            tokenizer.FREQ, tokenizer.total = loaded
            tokenizer.initialized = True
            return tokenizer
    # Built from jieba's own dictionary file, never from its temp-folder marshal cache.
    with tokenizer.get_dict_file() as fh:
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(fh)
    tokenizer.initialized = True
    for word, freq, always in added:
        if always or not tokenizer.FREQ.get(word):
            tokenizer.add_word(word, freq)
    if path is not None:
        _write(path, tokenizer.FREQ, tokenizer.total)
    return tokenizer


def _digest(tokenizer: jieba.Tokenizer, added: list[tuple[str, int | None, bool]]) -> str:
    h = hashlib.sha256(FORMAT)
    h.update(str(getattr(jieba, "__version__", "")).encode())
    # None means jieba's packaged dict.txt (what get_dict_file opens).
    name = tokenizer.dictionary or getattr(jieba, "DEFAULT_DICT_NAME", "dict.txt")
    dictionary = Path(name)
    if not dictionary.is_absolute():
        dictionary = Path(jieba.__file__).parent / dictionary
    try:
        info = dictionary.stat()
        h.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
    except OSError:
        h.update(b"?")
    for word, freq, always in added:
        h.update(f"\x00{word}\x01{freq}\x01{always}".encode())
    return h.hexdigest()[:24]


def _private(folder: Path) -> Path | None:
    """The folder, created 0700 or tightened if ours; None when it is not ours to trust."""
    try:
        folder.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return None
        if stat.S_IMODE(info.st_mode) & 0o077:
            folder.chmod(_PRIVATE_DIR)
        return folder
    except OSError:
        return None


def _read(path: Path) -> tuple[dict[str, int], int] | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
            return None  # not ours, or others could have written it
        data = fh.read()
    try:
        header, _, body = data.partition(b"\n")
        magic, total, count, size = header.split(b" ")
        n, nbytes = int(count), int(size)
        counts = array.array("q")
        if magic != FORMAT or len(body) != nbytes + n * counts.itemsize:
            return None
        counts.frombytes(body[nbytes:])
        words = body[:nbytes].decode("utf-8").split("\n")
        if len(words) != n:
            return None
        return dict(zip(words, counts, strict=True)), int(total)
    except (ValueError, UnicodeDecodeError):
        return None


def _write(path: Path, freq: dict[str, int], total: int) -> None:
    if any("\n" in word for word in freq):
        return  # cannot happen with jieba's dictionary; the format separates words by newlines
    words = "\n".join(freq).encode("utf-8")
    counts = array.array("q", freq.values())
    header = b"%s %d %d %d\n" % (FORMAT, total, len(freq), len(words))
    tmp: str | None = None
    try:
        # Written beside the target and renamed: a reader never sees half a file. mkstemp
        # creates it 0600.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(header)
            fh.write(words)
            fh.write(counts.tobytes())
        os.replace(tmp, path)
    except OSError as exc:
        _log.info("jieba prefix cache not written (%s): building in memory each start", exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
