"""Where messages come from: an IMAP folder, a Maildir or an mbox file.

Every source hands the pipeline its messages in arrival order, one ``Item`` at a
time, as a binary file, and is told ``processed(item)`` only after the message's
submission is committed. Until then the message stays where it was (in the IMAP
folder, in the Maildir's ``new/``): a run stopped at any point loses nothing, and the
next run offers the message again for the pipeline's dedupe to recognise.

Memory stays bounded whatever the size of a message: an mbox is scanned line by line
and an IMAP message is fetched in pieces, both into a spooled temporary file that
moves to disk beyond ``SPOOL_BYTES``.

A failure of the source itself (connection, login, folder, file system) raises
``SourceError``, whose message never contains a password; ``watch`` is the
production loop that survives them with a growing pause.

One module each: ``base`` (``Item``, ``Source``, ``SourceError``), ``maildir``,
``mbox``, ``imap`` (with ``utf7`` for folder names), ``watch`` (``open_source`` and
the loop). Why Maildir and mbox are read by hand rather than with the standard
library's ``mailbox``: docs/decisions/0015-mail-parsing-with-the-standard-library.md.
"""

from .base import Item, Source, SourceError
from .imap import ImapSource
from .maildir import MaildirSource
from .mbox import MboxSource
from .watch import open_source, watch

__all__ = [
    "ImapSource",
    "Item",
    "MaildirSource",
    "MboxSource",
    "Source",
    "SourceError",
    "open_source",
    "watch",
]
