"""Typed errors raised by the library; the CLI and the app turn them into Italian messages.

Each carries `message`, already written for a person, in Italian."""

from __future__ import annotations


class PdzError(Exception):
    """Base class: `str(err)` is a message a user can read."""


class UnreadableFile(PdzError):
    """A file that cannot be turned into text; the ingest skips it with this reason."""


class StoreError(PdzError):
    """The store directory is missing, locked, or was built differently."""


class DamagedIndex(StoreError):
    """The store's saved word index is there but cannot be read (a disk error, a file cut short):
    not the same as no index, which a writer would start afresh from the new files only."""


class StoreBusy(StoreError):
    """Another ingest holds the write lock on the store."""


class EmbedderError(PdzError):
    """The requested embedding backend cannot be loaded."""


class SettingsError(PdzError):
    """A bad value in the arguments or the environment."""
